using System.Collections.Concurrent;
using Volunteers.Accounts;

namespace Volunteers.Tests.Accounts;

public sealed class SessionTests(CallCountingCluster fixture) : IClassFixture<CallCountingCluster>
{
    private sealed class Watcher : ISessionObserver
    {
        public ConcurrentQueue<string> Heard { get; } = new();

        /// <summary>A node that hears a notice and fails to answer it, as one whose answer is lost on the way.</summary>
        public bool Fails { get; init; }

        public Task Changed(string sessionId)
        {
            Heard.Enqueue(sessionId);
            return Fails ? throw new InvalidOperationException("played by the test") : Task.CompletedTask;
        }
    }

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
    public async Task A_session_and_its_account_go_once_they_have_answered_and_a_lock_still_stops_the_session()
    {
        var login = NewLogin();
        var session = await Joined(login);
        var account = fixture.Grains.GetGrain<IAccountGrain>(login);
        var management = fixture.Grains.GetGrain<IManagementGrain>(0);

        var answer = await session.MayAct();
        // Not collected: each goes of itself, well within the idle minutes Orleans' collector would wait.
        await Eventually.Holds(async () =>
            await management.GetGrainActivationCount((GrainReference)session) == 0
            && await management.GetGrainActivationCount((GrainReference)account) == 0);
        // Attempts that never sign in count as failures; the next one locks the login.
        for (var i = 0; i < AccountGrain.MaxFailures; i++)
        {
            Assert.NotNull(await account.BeginSignIn());
        }
        var locked = await Assert.ThrowsAsync<DomainException>(account.BeginSignIn);

        Assert.True(answer);
        Assert.Equal("LOCKED", locked.Code);
        Assert.False(await session.MayAct());
    }

    [Fact]
    public async Task A_session_asked_by_many_api_nodes_at_once_answers_them_all()
    {
        var session = await Joined(NewLogin());

        // Each node asks for itself; asks that queued one behind another would each need an activation of their own,
        // and Orleans forwards a request from a going activation twice at most.
        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => session.MayAct()));

        Assert.All(answers, Assert.True);
    }

    [Fact]
    public async Task A_lock_told_to_sessions_asking_their_account_is_not_held_up_by_either_going()
    {
        var login = NewLogin();
        var first = await Joined(login);
        var account = fixture.Grains.GetGrain<IAccountGrain>(login);
        var secondId = SessionId();
        var second = fixture.Grains.GetGrain<ISessionGrain>(secondId);
        await second.Start(login, "secret", DateTimeOffset.UtcNow.AddDays(1));
        await account.SignedIn(secondId, null);
        for (var i = 0; i < AccountGrain.MaxFailures; i++)
        {
            Assert.NotNull(await account.BeginSignIn());
        }
        var asked = fixture.Calls<IAccountGrain>(nameof(IAccountGrain.MayAct), login);

        Task locking;
        Task<bool> secondAsks;
        using (var held = fixture.HeldWrites.Of("account"))
        {
            // The attempt that locks waits on its write; asks interleave with it, and each grain's going is due.
            locking = account.BeginSignIn();
            await held.Holding.WaitAsync(TimeSpan.FromSeconds(10));
            Assert.False(await first.MayAct());
            secondAsks = second.MayAct();
            await Eventually.Holds(() => Task.FromResult(fixture.Calls<IAccountGrain>(nameof(IAccountGrain.MayAct), login) == asked + 2));
            // Past the second after which the answered grains go: their going must not hold up the lock's notices.
            await Task.Delay(TimeSpan.FromSeconds(2));
        }

        // Written, the lock is told to both sessions.
        var locked = await Assert.ThrowsAsync<DomainException>(() => locking.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal("LOCKED", locked.Code);
        Assert.False(await secondAsks.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task The_oldest_session_dropped_by_a_new_sign_in_stops_acting_though_it_had_its_answer()
    {
        var login = NewLogin();
        var oldest = await Joined(login);
        Assert.True(await oldest.MayAct());

        var account = fixture.Grains.GetGrain<IAccountGrain>(login);
        for (var i = 0; i < AccountGrain.MaxSessions; i++)
        {
            var sessionId = SessionId();
            await fixture.Grains.GetGrain<ISessionGrain>(sessionId).Start(login, "secret", DateTimeOffset.UtcNow.AddDays(1));
            await account.SignedIn(sessionId, null);
        }

        Assert.False(await oldest.MayAct());
    }

    [Fact]
    public async Task Guesses_at_a_login_no_one_has_are_still_counted_after_it_is_asked_and_idle_activations_are_collected()
    {
        var account = fixture.Grains.GetGrain<IAccountGrain>(NewLogin());
        for (var i = 0; i < AccountGrain.MaxFailures; i++)
        {
            Assert.Null(await account.BeginSignIn());
        }

        // Asked of a login no one has, the account must not go: the guesses live only in this activation.
        Assert.False(await account.MayAct(SessionId()));
        await fixture.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

        var locked = await Assert.ThrowsAsync<DomainException>(account.BeginSignIn);
        Assert.Equal("LOCKED", locked.Code);
    }

    [Fact]
    public void A_node_asks_to_be_kept_told_often_enough_that_one_late_ask_is_not_a_lapse() =>
        Assert.True(2 * SessionWatch.Renew < SessionWatch.Expiry, $"an api asking every {SessionWatch.Renew} lapses from a single late ask");

    [Fact]
    public async Task A_node_learns_it_was_not_kept_told_when_it_first_asks_and_when_the_notices_went()
    {
        var notices = fixture.Grains.GetGrain<ISessionNoticesGrain>(0);
        var node = fixture.Grains.CreateObjectReference<ISessionObserver>(new Watcher());

        var first = await notices.KeepTelling(node);
        var again = await notices.KeepTelling(node);
        await fixture.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var afterCollection = await notices.KeepTelling(node);

        Assert.False(first);
        Assert.True(again);
        Assert.False(afterCollection);
    }

    [Fact]
    public async Task A_node_that_does_not_answer_a_notice_is_told_no_more_and_learns_so_at_its_next_ask()
    {
        var notices = fixture.Grains.GetGrain<ISessionNoticesGrain>(0);
        var answering = new Watcher();
        var failing = new Watcher { Fails = true };
        var answers = fixture.Grains.CreateObjectReference<ISessionObserver>(answering);
        var fails = fixture.Grains.CreateObjectReference<ISessionObserver>(failing);
        await notices.KeepTelling(answers);
        await notices.KeepTelling(fails);
        var session = SessionId();

        await notices.Tell(session);
        await Eventually.Holds(() => Task.FromResult(answering.Heard.Contains(session) && failing.Heard.Contains(session)));

        // The failure reaches the grain after the notice was heard: until then the node is still told.
        await Eventually.Holds(async () => !await notices.KeepTelling(fails));
        Assert.True(await notices.KeepTelling(answers));
    }

    [Fact]
    public async Task A_session_collected_while_idle_still_answers_and_every_node_kept_told_hears_of_a_lock()
    {
        var login = NewLogin();
        var session = await Joined(login);
        var heard = new Watcher();
        var node = fixture.Grains.CreateObjectReference<ISessionObserver>(heard);
        Assert.True(await session.MayAct());

        await fixture.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        await fixture.Grains.GetGrain<ISessionNoticesGrain>(0).KeepTelling(node);
        var reactivated = await session.MayAct();
        await fixture.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        await fixture.Grains.GetGrain<ISessionNoticesGrain>(0).KeepTelling(node);
        var account = fixture.Grains.GetGrain<IAccountGrain>(login);
        for (var i = 0; i < AccountGrain.MaxFailures; i++)
        {
            Assert.NotNull(await account.BeginSignIn());
        }
        await Assert.ThrowsAsync<DomainException>(account.BeginSignIn);

        Assert.True(reactivated);
        await Eventually.Holds(() => Task.FromResult(heard.Heard.Contains(session.GetPrimaryKeyString())));
        Assert.False(await session.MayAct());
    }
}
