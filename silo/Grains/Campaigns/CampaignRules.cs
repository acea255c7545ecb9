using Microsoft.Extensions.Configuration;

namespace Volunteers.Campaigns;

/// <summary>Rules every campaign of this deployment follows, from configuration.</summary>
/// <param name="LateSyncGrace">
/// How long after the close phones that were offline may still deliver what was made before it
/// (Campaigns:LateSyncGrace, e.g. "02:00:00"), unless the organiser chooses at the close. Rural
/// teams may be out of coverage for hours.
/// </param>
public sealed record CampaignRules(TimeSpan LateSyncGrace)
{
    public static readonly TimeSpan DefaultLateSyncGrace = TimeSpan.FromHours(2);

    /// <summary>A team back from a remote commune after a weekend still gets its records in.</summary>
    public static readonly TimeSpan MaxLateSyncGrace = TimeSpan.FromDays(7);

    public static CampaignRules FromConfiguration(IConfiguration configuration)
    {
        var grace = configuration.GetValue("Campaigns:LateSyncGrace", DefaultLateSyncGrace);
        return grace >= TimeSpan.Zero
            ? new CampaignRules(grace)
            : throw new SettingsException($"Campaigns:LateSyncGrace is {grace}; it must not be negative.");
    }

    /// <summary>Until when a closed campaign still takes records made before its close, and corrections.</summary>
    public DateTimeOffset? FinalAt(CampaignInfo campaign) => campaign.ClosedAt + (campaign.LateSyncGrace ?? LateSyncGrace);
}
