using System.Globalization;

namespace Volunteers.Api;

/// <summary>
/// Times as people in Vietnam read them on paper: UTC+7 all year (the country keeps no daylight
/// saving), day first. A fixed offset, not the tz database, so a server without tzdata prints the same.
/// </summary>
public static class VietnamTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(7);

    private static readonly CultureInfo Vietnamese = CultureInfo.GetCultureInfo("vi-VN");

    public static DateTimeOffset Of(DateTimeOffset moment) => moment.ToOffset(Offset);

    /// <summary>"14:05 04/12/2026".</summary>
    public static string Minute(DateTimeOffset moment) => Of(moment).ToString("HH:mm dd/MM/yyyy", CultureInfo.InvariantCulture);

    /// <summary>"Thứ Sáu, 4 tháng 12, 2026".</summary>
    public static string LongDate(DateOnly date) =>
        $"{Vietnamese.DateTimeFormat.GetDayName(date.DayOfWeek)}, {date.Day} tháng {date.Month}, {date.Year}";
}
