using System.Globalization;
using System.Text;
using MiniExcelLibs;
using MiniExcelLibs.OpenXml;
using Volunteers.Api.Counting;
using Volunteers.Campaigns;
using Volunteers.Figures;

namespace Volunteers.Api.Reports;

/// <summary>The words of a report in one language: Vietnamese for the people who file it, English on request.</summary>
public sealed record ReportLanguage(
    string Code, string Title, string Scope, string At, string Status, string Running, string ClosedAt, string LateUntil, string FinalSince,
    string Total,
    string Unit, string Team, string Volunteer, string OfficialCode, string Helps, string TargetOf, string PercentOf,
    string AllTargets, string PercentAll, string Teams, string Volunteers, string Places, string Minutes, string AverageMinutes,
    string Late, IReadOnlyDictionary<Channel, string> Channels)
{
    /// <summary>The heading of the volunteer-hours column, after which come only columns added later, so the others keep their places.</summary>
    public string Hours => Code == "vi" ? "Giờ tình nguyện" : "Volunteer hours";

    /// <summary>The words of the outcome columns: follow-ups first, the figure officials chase.</summary>
    public IReadOnlyDictionary<Outcome, string> Outcomes => Code == "vi" ? OutcomesVi : OutcomesEn;

    /// <summary>The procedures of online applications, named as the service catalogue names them.</summary>
    public IReadOnlyDictionary<Procedure, string> Procedures => Code == "vi" ? ProceduresVi : ProceduresEn;

    /// <summary>The first cell of a district's subtotal line, before its name.</summary>
    public string Subtotal => Code == "vi" ? "Cộng" : "Subtotal";

    /// <summary>How a file name starts: ASCII, so every browser and mail client keeps it.</summary>
    public string FilePrefix => Code == "vi" ? "bao-cao" : "report";

    private static readonly Dictionary<Outcome, string> OutcomesVi = new() { [Outcome.FollowUp] = "Cần hỗ trợ tiếp", [Outcome.Done] = "Hoàn thành" };
    private static readonly Dictionary<Outcome, string> OutcomesEn = new() { [Outcome.FollowUp] = "Needs follow-up", [Outcome.Done] = "Done" };

    private static readonly Dictionary<Procedure, string> ProceduresVi = new()
    {
        [Procedure.MaritalStatus] = "Thủ tục: Xác nhận tình trạng hôn nhân",
        [Procedure.BirthRegistration] = "Thủ tục: Đăng ký khai sinh",
        [Procedure.CertifiedCopy] = "Thủ tục: Chứng thực bản sao từ bản chính",
        [Procedure.ConstructionPermit] = "Thủ tục: Giấy phép xây dựng",
        [Procedure.JobApplication] = "Thủ tục: Hồ sơ xin việc làm",
        [Procedure.Other] = "Thủ tục: Khác",
    };

    private static readonly Dictionary<Procedure, string> ProceduresEn = new()
    {
        [Procedure.MaritalStatus] = "Procedure: marital-status confirmation",
        [Procedure.BirthRegistration] = "Procedure: birth registration",
        [Procedure.CertifiedCopy] = "Procedure: certified copy",
        [Procedure.ConstructionPermit] = "Procedure: construction permit",
        [Procedure.JobApplication] = "Procedure: job application",
        [Procedure.Other] = "Procedure: other",
    };

    /// <summary>
    /// The closing column, after the hours: whether the line's level is closed (with the start of the checksum
    /// the snapshot keeps, for a report to cite), open, or amended after closing.
    /// </summary>
    public string Closing => Code == "vi" ? "Chốt số liệu" : "Figures closing";

    public string ClosingOf(LevelClosing? level) => level?.Status switch
    {
        null => "",
        ClosingStatus.Open => Code == "vi" ? "Chưa chốt" : "Open",
        ClosingStatus.Closed => (Code == "vi" ? "Đã chốt " : "Closed ") + level.Closed!.Checksum[..12],
        _ => Code == "vi" ? "Đã sửa sau chốt" : "Amended after closing",
    };

    public static readonly ReportLanguage Vietnamese = new("vi", "Báo cáo cuối ngày", "Phạm vi", "Số liệu lúc", "Trạng thái",
        "Đang diễn ra", "Đã kết thúc lúc", "số liệu tạm tính, còn nhận dữ liệu đồng bộ muộn đến", "số liệu đã chốt từ", "Tổng cộng", "Đơn vị", "Tổ", "Tình nguyện viên", "Mã đơn vị", "Lượt hỗ trợ",
        "Chỉ tiêu: ", "% đạt: ", "Tổng chỉ tiêu", "% đạt chỉ tiêu", "Số tổ", "Số tình nguyện viên", "Địa điểm đã hỗ trợ",
        "Tổng số phút", "Số phút trung bình mỗi lượt", "Nhận sau khi kết thúc",
        new Dictionary<Channel, string>
        {
            [Channel.DoorToDoor] = "Đến từng nhà",
            [Channel.OneStopDesk] = "Tại bộ phận một cửa",
            [Channel.CommunityPoint] = "Tại điểm hỗ trợ cộng đồng",
        });

    public static readonly ReportLanguage English = new("en", "End-of-day report", "Scope", "Figures as of", "Status",
        "Running", "Closed at", "figures provisional, late syncs taken until", "figures final since", "Total", "Unit", "Team", "Volunteer", "Official code", "Helps",
        "Target: ", "% reached: ", "All targets", "% of targets reached", "Teams", "Volunteers", "Places helped at",
        "Minutes", "Average minutes per help", "Arrived after the close",
        new Dictionary<Channel, string>
        {
            [Channel.DoorToDoor] = "Door to door",
            [Channel.OneStopDesk] = "At a one-stop desk",
            [Channel.CommunityPoint] = "At a community point",
        });

    public static ReportLanguage Parse(string? lang) => lang?.Trim().ToLowerInvariant() switch
    {
        null or "" or "vi" => Vietnamese,
        "en" => English,
        _ => throw DomainException.Invalid("lang", $"lang '{lang}' is not a report language; use vi (the default) or en."),
    };

    public string ServiceName(Service service) => Code == "vi" ? service.Name : service.NameEn;

    public string LineHeader(ScopeKind kind) => kind switch
    {
        ScopeKind.Team => Team,
        ScopeKind.Volunteer => Volunteer,
        _ => Unit,
    };

    /// <summary>Vietnam's time, as the people who file the report read it: "14:05:09 04/12/2026 (UTC+7)".</summary>
    public string Moment(DateTimeOffset at) => VietnamTime.Of(at).ToString("HH:mm:ss dd/MM/yyyy '(UTC+7)'", CultureInfo.InvariantCulture);
}

/// <summary>
/// A report laid out as rows of cells: a heading that names the campaign, the scope and the moment
/// of the figures, then the table with its total. CSV and XLSX are written from the same rows.
/// </summary>
public sealed class ReportTable
{
    public const string CsvType = "text/csv; charset=utf-8";
    public const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private ReportTable(List<object?[]> rows, int headerRow)
    {
        Rows = rows;
        HeaderRow = headerRow;
    }

    public IReadOnlyList<object?[]> Rows { get; }

    /// <summary>Index of the column headings in <see cref="Rows"/>; the lines follow it, the total last.</summary>
    public int HeaderRow { get; }

    public static ReportTable Of(CampaignReport report, ReportLanguage language)
    {
        var campaign = report.Campaign;
        var channels = Enum.GetValues<Channel>();
        var header = new List<object?> { language.LineHeader(report.LineKind), language.OfficialCode, language.Helps };
        header.AddRange(campaign.Services.Select(language.ServiceName));
        header.AddRange(channels.Select(c => language.Channels[c]));
        foreach (var service in report.TargetedServices)
        {
            header.Add(language.TargetOf + language.ServiceName(service));
            header.Add(language.PercentOf + language.ServiceName(service));
        }
        header.AddRange([language.AllTargets, language.PercentAll, language.Teams, language.Volunteers, language.Places,
            language.Minutes, language.AverageMinutes, language.Late, language.Hours, language.Closing]);
        var outcomes = new[] { Outcome.FollowUp, Outcome.Done };
        var procedures = Enum.GetValues<Procedure>();
        header.AddRange(outcomes.Select(o => language.Outcomes[o]));
        header.AddRange(procedures.Select(p => language.Procedures[p]));

        object?[] Cells(ReportLine line, string? name = null)
        {
            var counts = line.Counts;
            var tally = counts.Tally;
            var cells = new List<object?> { name ?? line.Name, line.Code, tally.Helps };
            cells.AddRange(campaign.Services.Select(s => (object?)tally.ByService.GetValueOrDefault(s.Code)));
            cells.AddRange(channels.Select(c => (object?)tally.ByChannel.GetValueOrDefault(Codes<Channel>.Of(c))));
            var progress = counts.Progress.ToDictionary(p => p.Service, StringComparer.Ordinal);
            foreach (var service in report.TargetedServices)
            {
                var of = progress.GetValueOrDefault(service.Code);
                cells.Add(of?.Target ?? 0);
                cells.Add(of?.Percent);
            }
            var overall = counts.Overall;
            cells.AddRange([overall.Target, overall.Percent, line.Teams, line.Volunteers, line.Places, tally.Minutes, counts.AverageMinutes, line.Late, line.Hours,
                language.ClosingOf(report.Closings.GetValueOrDefault(counts.Kind == ScopeKind.Campaign ? report.RootUnitId ?? "" : counts.ScopeId))]);
            cells.AddRange(outcomes.Select(o => (object?)tally.ByOutcome.GetValueOrDefault(Codes<Outcome>.Of(o))));
            cells.AddRange(procedures.Select(p => (object?)tally.ByProcedure.GetValueOrDefault(Codes<Procedure>.Of(p))));
            return [.. cells];
        }

        var rows = new List<object?[]>
        {
            Pad([language.Title, campaign.Name], header.Count),
            Pad([language.Scope, report.Total.Name], header.Count),
            Pad([language.At, language.Moment(report.At)], header.Count),
            Pad([language.Status, Status(report, language)], header.Count),
            Pad([], header.Count),
            header.ToArray(),
        };
        // A district's subtotal follows its last ward, so the sheet reads as officials file it upward.
        var subtotals = report.Subtotals.ToDictionary(s => s.Counts.ScopeId, StringComparer.Ordinal);
        for (var i = 0; i < report.Lines.Length; i++)
        {
            var line = report.Lines[i];
            rows.Add(Cells(line));
            if (line.GroupId is { } group && (i + 1 == report.Lines.Length || report.Lines[i + 1].GroupId != group))
            {
                rows.Add(Cells(subtotals[group], $"{language.Subtotal} {subtotals[group].Name}"));
            }
        }
        rows.Add(Cells(report.Total, language.Total));
        return new ReportTable(rows, 5);
    }

    /// <summary>
    /// Whether the figures can still move: a closed day keeps taking late syncs of earlier work until
    /// its grace ends, so a report taken before then says it is provisional and until when.
    /// </summary>
    private static string Status(CampaignReport report, ReportLanguage language)
    {
        if (report.Campaign.ClosedAt is not { } closed)
        {
            return language.Running;
        }
        var final = report.Campaign.LateSyncUntil ?? closed;
        return $"{language.ClosedAt} {language.Moment(closed)}; "
            + (report.At <= final ? $"{language.LateUntil} {language.Moment(final)}" : $"{language.FinalSince} {language.Moment(final)}");
    }

    /// <summary>UTF-8 with a byte-order mark, which is how Excel knows the Vietnamese letters are UTF-8.</summary>
    public byte[] ToCsv()
    {
        var csv = new StringBuilder();
        foreach (var row in Rows)
        {
            csv.AppendJoin(',', row.Select(Field)).Append("\r\n");
        }
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv.ToString())];
    }

    public string ToCsvText() => Encoding.UTF8.GetString(ToCsv().AsSpan(Encoding.UTF8.GetPreamble().Length));

    /// <summary>
    /// Rows down to the column headings stay in view while the lines scroll (MiniExcel would freeze the
    /// first row, the title), and the names' column stays while the figures scroll sideways. No autofilter:
    /// MiniExcel would put it on the title row too.
    /// </summary>
    public byte[] ToXlsx(string sheetName)
    {
        // Keyed by column so every row has the same cells; the heading rows are data, not a header.
        var rows = Rows.Select(row => (IDictionary<string, object?>)row
            .Select((value, i) => (Key: $"c{i}", value))
            .ToDictionary(c => c.Key, c => c.value)).ToList();
        using var stream = new MemoryStream();
        var layout = new OpenXmlConfiguration { FreezeRowCount = HeaderRow + 1, FreezeColumnCount = 1, AutoFilter = false };
        stream.SaveAs(rows, printHeader: false, sheetName: sheetName, excelType: ExcelType.XLSX, configuration: layout);
        return stream.ToArray();
    }

    private static object?[] Pad(object?[] cells, int width) => [.. cells, .. new object?[width - cells.Length]];

    private static string Field(object? value)
    {
        var text = value switch
        {
            null => "",
            IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };
        // A name that begins like a formula (=, +, -, @, tab, CR) would run as one when the file is opened in
        // Excel; OWASP's advice is a leading apostrophe, which shows the text as typed. Numbers are left as they are.
        if (value is string && text.Length > 0 && "=+-@\t\r".Contains(text[0], StringComparison.Ordinal))
        {
            text = "'" + text;
        }
        return text.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{text.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : text;
    }
}
