using System.Collections.Immutable;

namespace Volunteers.Campaigns;

/// <summary>A kind of help in a campaign's catalogue, named in Vietnamese first.</summary>
[GenerateSerializer, Immutable]
public sealed record Service(
    [property: Id(0)] string Code,
    [property: Id(1)] string Name,
    [property: Id(2)] string NameEn);

public static class Catalogue
{
    public const string OnlineApplication = "online-application";

    public static readonly ImmutableArray<Service> Default =
    [
        new("account", "Tạo / kích hoạt tài khoản (VNeID, Cổng dịch vụ công)", "Create or activate an e-ID or public-service account"),
        new(OnlineApplication, "Nộp hồ sơ thủ tục hành chính trực tuyến", "Submit an administrative procedure online"),
        new("scan", "Scan hồ sơ", "Scan documents for an application"),
        new("cashless", "Thanh toán không dùng tiền mặt", "Install and use a mobile-money app"),
        new("ecommerce", "Sàn thương mại điện tử", "Sell or buy on a national e-commerce platform"),
        new("digital-address", "Địa chỉ số", "Register a digital address"),
        new("provincial-app", "Ứng dụng của tỉnh", "Install the province's citizen app"),
        new("digital-skills", "Kỹ năng số", "Basic skills: browser, messaging, online safety"),
        new("other", "Khác", "Anything else"),
    ];
}

/// <summary>The procedure recorded when the service is an online application.</summary>
public enum Procedure
{
    MaritalStatus,
    BirthRegistration,
    CertifiedCopy,
    ConstructionPermit,
    JobApplication,
    Other,
}

public enum Channel
{
    DoorToDoor,
    OneStopDesk,
    CommunityPoint,
}

public enum Outcome
{
    Done,
    FollowUp,
}
