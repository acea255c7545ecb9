using System.Text.RegularExpressions;

namespace Volunteers;

/// <summary>Input rules shared by the grains and the imports, each failing with the field's name and the reason.</summary>
public static partial class Validate
{
    public static string Text(string? value, string field, int maxLength)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            throw DomainException.Invalid(field, $"{field} must not be empty.");
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
        return PhonePattern().IsMatch(phone)
            ? phone
            : throw DomainException.Invalid(field, $"{field} '{value}' is not a Vietnamese phone number (0 or +84 followed by 9 digits).");
    }

    [GeneratedRegex("^[0-9A-Za-z_-]+$")]
    private static partial Regex CodePattern();

    [GeneratedRegex(@"^(0|\+84)[0-9]{9}$")]
    private static partial Regex PhonePattern();
}
