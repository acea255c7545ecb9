using System.Collections.Concurrent;
using System.Reflection;
using Volunteers.Accounts;

namespace Volunteers.Tests.Accounts;

/// <summary>A cluster of its own, since a test collects its idle activations; its silo counts the sessions' questions to accounts.</summary>
public sealed class AccountAskingCluster : ClusterFixture
{
    public ConcurrentDictionary<string, int> AccountAsked { get; } = new();

    protected override void Configure(ISiloBuilder silo) => silo.AddOutgoingGrainCallFilter(async call =>
    {
        if (call.InterfaceMethod.Name == nameof(IAccountGrain.MayAct))
        {
            AccountAsked.AddOrUpdate(call.TargetId.Key.ToString()!, 1, (_, n) => n + 1);
        }
        await call.Invoke();
    });
}

public sealed class SessionTests(AccountAskingCluster fixture) : IClassFixture<AccountAskingCluster>
{
    private sealed class Watcher : ISessionObserver
    {
        public ConcurrentQueue<string> Heard { get; } = new();

        public Task Changed(string sessionId)
        {
            Heard.Enqueue(sessionId);
            return Task.CompletedTask;
        }
    }

    private readonly ISessionObserver _watcher = fixture.Grains.CreateObjectReference<ISessionObserver>(new Watcher());

    private static string SessionId() => Guid.NewGuid().ToString("N");

    private static string NewLogin() => Logins.OfPhone($"09{Random.Shared.Next(10_000_000, 99_999_999)}");

    private async Task<ISessionGrain> Joined(string login)
    {
        var sessionId = SessionId();
        await fixture.Grains.GetGrain<IAccountGrain>(login).Create(new NewAccount(Role.Volunteer, "v-test", "hash", "test", sessionId));
        var session = fixture.Grains.GetGrain<ISessionGrain>(sessionId);
        await session.Start(login, "secret", DateTimeOffset.UtcNow.AddDays(1));
        return session;
    }

    [Fact]
    public async Task A_session_asks_its_account_once_then_answers_until_the_account_locks()
    {
        var login = NewLogin();
        var session = await Joined(login);

        var answers = new List<bool>();
        for (var i = 0; i < 3; i++)
        {
            answers.Add(await session.MayAct(_watcher));
        }
        var asked = fixture.AccountAsked.GetValueOrDefault(login);
        // Attempts that never sign in count as failures; the next one locks the login.
        var account = fixture.Grains.GetGrain<IAccountGrain>(login);
        for (var i = 0; i < AccountGrain.MaxFailures; i++)
        {
            Assert.NotNull(await account.BeginSignIn());
        }
        var locked = await Assert.ThrowsAsync<DomainException>(account.BeginSignIn);

        Assert.All(answers, Assert.True);
        Assert.Equal(1, asked);
        Assert.Equal("LOCKED", locked.Code);
        Assert.False(await session.MayAct(_watcher));
    }

    [Fact]
    public async Task The_oldest_session_dropped_by_a_new_sign_in_stops_acting_though_it_had_its_answer()
    {
        var login = NewLogin();
        var oldest = await Joined(login);
        Assert.True(await oldest.MayAct(_watcher));

        var account = fixture.Grains.GetGrain<IAccountGrain>(login);
        for (var i = 0; i < AccountGrain.MaxSessions; i++)
        {
            var sessionId = SessionId();
            await fixture.Grains.GetGrain<ISessionGrain>(sessionId).Start(login, "secret", DateTimeOffset.UtcNow.AddDays(1));
            await account.SignedIn(sessionId, null);
        }

        Assert.False(await oldest.MayAct(_watcher));
    }

    [Fact]
    public async Task Guesses_at_a_login_no_one_has_are_still_counted_after_idle_activations_are_collected()
    {
        var account = fixture.Grains.GetGrain<IAccountGrain>(NewLogin());
        for (var i = 0; i < AccountGrain.MaxFailures; i++)
        {
            Assert.Null(await account.BeginSignIn());
        }

        await fixture.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

        var locked = await Assert.ThrowsAsync<DomainException>(account.BeginSignIn);
        Assert.Equal("LOCKED", locked.Code);
    }

    [Fact]
    public void An_idle_session_outlives_its_watchers_so_none_misses_a_change_when_it_goes()
    {
        var idle = typeof(SessionGrain).GetCustomAttribute<CollectionAgeLimitAttribute>()!.AgeLimit;

        Assert.True(idle > SessionWatch.Expiry, $"{idle} is not longer than {SessionWatch.Expiry}");
        Assert.True(idle < TimeSpan.FromMinutes(15), $"{idle} keeps a session as long as Orleans' default");
    }

    [Fact]
    public async Task A_session_collected_while_idle_still_answers_and_tells_who_asked_since_of_a_lock()
    {
        var login = NewLogin();
        var session = await Joined(login);
        var heard = new Watcher();
        var watcher = fixture.Grains.CreateObjectReference<ISessionObserver>(heard);
        Assert.True(await session.MayAct(watcher));

        await fixture.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var reactivated = await session.MayAct(watcher);
        var account = fixture.Grains.GetGrain<IAccountGrain>(login);
        for (var i = 0; i < AccountGrain.MaxFailures; i++)
        {
            Assert.NotNull(await account.BeginSignIn());
        }
        await Assert.ThrowsAsync<DomainException>(account.BeginSignIn);

        Assert.True(reactivated);
        await Eventually.Holds(() => Task.FromResult(heard.Heard.Contains(session.GetPrimaryKeyString())));
        Assert.False(await session.MayAct(watcher));
    }
}
