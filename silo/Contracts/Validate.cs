using System.Text.RegularExpressions;

namespace Volunteers;

/// <summary>Input rules shared by the grains and the imports, each failing with the field's name and the reason.</summary>
public static partial class Validate
{
    public static string Text(string? value, string field, int maxLength)
    {
        var trimmed = value?.Trim();
        // Zero-width characters alone look empty on every screen, so they count as empty.
        if (string.IsNullOrEmpty(trimmed) || trimmed.All(c => char.IsWhiteSpace(c) || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format))
        {
            throw DomainException.Invalid(field, $"{field} must not be empty.");
        }
        foreach (var c in trimmed)
        {
            if (char.IsControl(c) || IsBidiControl(c))
            {
                // Control characters corrupt files and terminals; direction overrides make a name read as another.
                throw DomainException.Invalid(field, $"{field} holds the invisible character U+{(int)c:X4}; type the text again without it.");
            }
        }
        return trimmed.Length <= maxLength
            ? trimmed
            : throw DomainException.Invalid(field, $"{field} is {trimmed.Length} characters long; at most {maxLength} are allowed.");
    }

    public static string? OptionalText(string? value, string field, int maxLength) =>
        string.IsNullOrWhiteSpace(value) ? null : Text(value, field, maxLength);

    public static string? Code(string? value, string field)
    {
        var code = OptionalText(value, field, 32);
        return code is null || CodePattern().IsMatch(code)
            ? code
            : throw DomainException.Invalid(field, $"{field} '{code}' may hold only letters, digits, '-' and '_'.");
    }

    /// <summary>Vietnamese mobile numbers: 0 or +84 followed by nine digits.</summary>
    public static string Phone(string? value, string field)
    {
        var phone = Text(value, field, 20).Replace(" ", "", StringComparison.Ordinal).Replace(".", "", StringComparison.Ordinal);
        // One spelling per number, so 0912000003 and +84912000003 compare equal wherever phones are compared.
        return PhonePattern().IsMatch(phone)
            ? phone.StartsWith("+84", StringComparison.Ordinal) ? "0" + phone[3..] : phone
            : throw DomainException.Invalid(field, $"{field} '{value}' is not a Vietnamese phone number (0 or +84 followed by 9 digits).");
    }

    private static bool IsBidiControl(char c) => c is '\u061C' or '\u200E' or '\u200F' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');

    [GeneratedRegex("^[0-9A-Za-z_-]+$")]
    private static partial Regex CodePattern();

    [GeneratedRegex(@"^(0|\+84)[0-9]{9}$")]
    private static partial Regex PhonePattern();
}
