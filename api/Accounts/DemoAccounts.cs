using Volunteers.Accounts;
using Volunteers.Api.GraphQL.Types;
using Volunteers.Demo;
using Volunteers.Places;
using Volunteers.Storage;
using Volunteers.Teams;

namespace Volunteers.Api.Accounts;

/// <summary>
/// Known logins for the demo district, one per role, so a newcomer can try each screen. Made only by an
/// embedded install with demo data (Demo:Seed on SQLite), and listed only there.
/// </summary>
public sealed partial class DemoAccounts(
    IConfiguration configuration, Database database, IGrainFactory grains, Credentials credentials, ILogger<DemoAccounts> logger) : IHostedService
{
    public const string DistrictCode = "278";
    public const string Organiser = "demo-organiser";
    public const string Official = "demo-official";
    public const string Leader = "demo-leader";
    public const string Password = "thanh-oai-demo";
    public const string VolunteerPin = "246810";

    public bool IsOn { get; } = configuration.GetValue("Demo:Seed", true) && database.Provider == StorageProvider.Sqlite;

    public IReadOnlyList<DemoAccount> List { get; private set; } = [];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // The silo has started, and with it the demo data, which only an empty store gets.
        if (!IsOn || await grains.GetGrain<IUnitDirectoryGrain>(0).FindByCode(DistrictCode) is not { } districtId)
        {
            return;
        }
        var district = (await grains.GetGrain<IUnitGrain>(districtId).Get())!;
        var wards = await Task.WhenAll(district.ChildIds.Select(id => grains.GetGrain<IUnitGrain>(id).Get()));
        if (wards.FirstOrDefault(w => w!.Name.EndsWith(DemoDistrict.PilotCommune, StringComparison.Ordinal)) is not { TeamIds: [var teamId, ..] } ward)
        {
            return;
        }
        var team = (await grains.GetGrain<ITeamGrain>(teamId).Get())!;
        var volunteer = (await grains.GetGrain<IVolunteerGrain>(team.VolunteerIds[0]).Get())!;
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
