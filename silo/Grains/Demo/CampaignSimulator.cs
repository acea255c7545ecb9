using System.Collections.Immutable;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Volunteers.Assignments;
using Volunteers.Campaigns;
using Volunteers.Places;
using Volunteers.Teams;
using Volunteers.Volunteering;

namespace Volunteers.Demo;

/// <summary>
/// Synthetic volunteers for trainers and testers (Demo:Simulate=true): they check in at their
/// team's places and log helps through the same grains as real phones, in bursts like a real
/// morning, so a dashboard has something live to show.
/// </summary>
public sealed partial class CampaignSimulator(IGrainFactory grains, IConfiguration configuration, TimeProvider time, ILogger<CampaignSimulator> logger)
    : BackgroundService
{
    private static readonly Channel[] Channels = Enum.GetValues<Channel>();
    private static readonly Procedure[] Procedures = Enum.GetValues<Procedure>();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var perSecond = configuration.GetValue("Demo:HelpsPerSecond", 2.0);
        // Demo:Seed is the switch that loads the demo; a trainer who wants the same morning twice names a seed.
        var seed = configuration.GetValue<int?>("Demo:RandomSeed");
        var random = seed is { } fixedSeed ? new Random(fixedSeed) : new Random();
        ImmutableArray<Volunteer> volunteers = [];
        while (!stoppingToken.IsCancellationRequested && volunteers.IsEmpty)
        {
            try
            {
                volunteers = await CheckEveryoneIn(random);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogWaiting(logger, exception.Message);
            }
            await Task.Delay(TimeSpan.FromSeconds(volunteers.IsEmpty ? 2 : 0), time, stoppingToken);
        }
        LogStarted(logger, volunteers.Length, perSecond);

        while (!stoppingToken.IsCancellationRequested)
        {
            // A burst every minute or so, quieter in between, as when a desk queue forms and clears.
            var seconds = time.GetUtcNow().ToUnixTimeSeconds();
            var burst = 1 + Math.Sin(seconds / 60.0 * Math.PI) + (random.NextDouble() < 0.05 ? 3 : 0);
            var volunteer = volunteers[random.Next(volunteers.Length)];
            try
            {
                await grains.GetGrain<IVolunteerDayGrain>(Ids.Scoped(volunteer.CampaignId, volunteer.Id)).Log([NewHelp(volunteer, random)]);
            }
            catch (DomainException refused)
            {
                LogRefused(logger, volunteer.Id, refused.Message);
            }
            await Task.Delay(TimeSpan.FromSeconds(1 / (perSecond * Math.Max(burst, 0.2))), time, stoppingToken);
        }
    }

    private async Task<ImmutableArray<Volunteer>> CheckEveryoneIn(Random random)
    {
        var volunteers = ImmutableArray.CreateBuilder<Volunteer>();
        foreach (var campaignId in await grains.GetGrain<ICampaignDirectoryGrain>(0).List())
        {
            var campaign = await grains.GetGrain<ICampaignGrain>(campaignId).Get();
            if (campaign?.Status != CampaignStatus.Running)
            {
                continue;
            }
            foreach (var wardId in campaign.WardIds)
            {
                var assignments = await grains.GetGrain<IWardAssignmentsGrain>(Ids.Scoped(campaignId, wardId)).List();
                var ward = await grains.GetGrain<IUnitGrain>(wardId).Get();
                foreach (var teamId in ward?.TeamIds ?? [])
                {
                    var places = assignments.Where(a => a.TeamId == teamId).Select(a => a.PlaceId).ToArray();
                    var team = await grains.GetGrain<ITeamGrain>(teamId).Get();
                    if (places.Length == 0 || team is null)
                    {
                        continue;
                    }
                    foreach (var volunteerId in team.VolunteerIds)
                    {
                        if (await grains.GetGrain<IVolunteerGrain>(volunteerId).Get() is null)
                        {
                            continue; // An import's roster id whose volunteer is not written yet.
                        }
                        var place = places[random.Next(places.Length)];
                        var day = grains.GetGrain<IVolunteerDayGrain>(Ids.Scoped(campaignId, volunteerId));
                        var shift = await day.GetShift();
                        if (shift is null || shift.CheckedOutAt is not null)
                        {
                            await day.CheckIn(place);
                        }
                        volunteers.Add(new Volunteer(campaignId, volunteerId, campaign.Services));
                    }
                }
            }
        }
        return volunteers.ToImmutable();
    }

    private static HelpEntry NewHelp(Volunteer volunteer, Random random)
    {
        var service = volunteer.Services[random.Next(volunteer.Services.Length)].Code;
        return new HelpEntry(Guid.NewGuid().ToString("N"), service,
            service == Catalogue.OnlineApplication ? Procedures[random.Next(Procedures.Length)] : null,
            Channels[random.Next(Channels.Length)], random.NextDouble() < 0.85 ? Outcome.Done : Outcome.FollowUp,
            // Most helps take 5-20 minutes; elderly citizens take much longer.
            random.NextDouble() < 0.2 ? random.Next(25, 60) : random.Next(5, 20), null, null);
    }

    private sealed record Volunteer(string CampaignId, string Id, ImmutableArray<Service> Services);

    [LoggerMessage(LogLevel.Information, "Simulating {Volunteers} volunteers at about {PerSecond} helps a second")]
    private static partial void LogStarted(ILogger logger, int volunteers, double perSecond);

    [LoggerMessage(LogLevel.Debug, "Simulator waiting for the silo: {Reason}")]
    private static partial void LogWaiting(ILogger logger, string reason);

    [LoggerMessage(LogLevel.Warning, "Simulated help of {Volunteer} refused: {Reason}")]
    private static partial void LogRefused(ILogger logger, string volunteer, string reason);
}
