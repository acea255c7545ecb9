using Volunteers.Accounts;
using Volunteers.Api.GraphQL.Types;
using Volunteers.Demo;

namespace Volunteers.Api.Accounts;

/// <summary>
/// Known logins for the demo district, one per role, so a newcomer can try each screen. Made only by an
/// embedded install with demo data (Demo:Seed on SQLite), and listed only there: the silo says whether
/// there is a demo and who is in it; the api hashes the demo's secrets as it hashes every other.
/// </summary>
public sealed partial class DemoAccounts(
    IServiceProvider services, IGrainFactory grains, Credentials credentials, ILogger<DemoAccounts> logger) : IHostedService
{
    public const string Organiser = "demo-organiser";
    public const string Official = "demo-official";
    public const string Leader = "demo-leader";
    public const string Password = "thanh-oai-demo";
    public const string VolunteerPin = "246810";

    public IReadOnlyList<DemoAccount> List { get; private set; } = [];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // Only an embedded install has a demo; there its silo runs in this process and has started, demo data and
        // all, so asking it cannot hold up an api that joins a cluster as a client.
        if (services.GetService<ILocalSiloDetails>() is null || await grains.GetGrain<IDemoGrain>(0).Cast() is not { } cast)
        {
            return;
        }
        var (district, ward, team, volunteer) = cast;
        List =
        [
            await Ensure(Logins.OfUsername(Organiser), Role.Organiser, district.Id, Organiser, Password, district.Name),
            await Ensure(Logins.OfUsername(Official), Role.Official, ward.Id, Official, Password, ward.Name),
            await Ensure(Logins.OfUsername(Leader), Role.Leader, team.Id, Leader, Password, team.Name),
            await Ensure(Logins.OfPhone(volunteer.Phone), Role.Volunteer, volunteer.Id, volunteer.Phone, VolunteerPin, $"{volunteer.Name}, {team.Name}"),
        ];
        LogReady(logger, List.Count);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task<DemoAccount> Ensure(string login, Role role, string scopeId, string shown, string secret, string scope)
    {
        var account = grains.GetGrain<IAccountGrain>(login);
        if (await account.Get() is null)
        {
            await account.Create(new NewAccount(role, scopeId, credentials.Hash(Credentials.Of(role), secret), "demo"));
        }
        return new DemoAccount(role, shown, secret, scope);
    }

    [LoggerMessage(LogLevel.Information, "{Count} demo accounts are ready; the start page lists them")]
    private static partial void LogReady(ILogger logger, int count);
}
