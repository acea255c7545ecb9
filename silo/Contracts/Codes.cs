using System.Collections.Frozen;
using System.Text;

namespace Volunteers;

/// <summary>
/// Enum values travel and rest as kebab-case codes ("door-to-door"), the same words the service
/// catalogue uses, so a stored row or an export reads without the C# names.
/// </summary>
public static class Codes<T> where T : struct, Enum
{
    private static readonly FrozenDictionary<T, string> ToCode =
        Enum.GetValues<T>().ToFrozenDictionary(v => v, v => Kebab(v.ToString()));

    private static readonly FrozenDictionary<string, T> FromCode =
        ToCode.ToFrozenDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);

    public static IEnumerable<string> All => ToCode.Values;

    public static string Of(T value) => ToCode[value];

    public static T Parse(string code) =>
        FromCode.TryGetValue(code, out var value) ? value : throw new FormatException($"'{code}' is not a {typeof(T).Name} code.");

    private static string Kebab(string name)
    {
        var builder = new StringBuilder(name.Length + 4);
        foreach (var c in name)
        {
            if (char.IsUpper(c) && builder.Length > 0)
            {
                builder.Append('-');
            }
            builder.Append(char.ToLowerInvariant(c));
        }
        return builder.ToString();
    }
}
