using System.Globalization;

namespace VxMesh.Core.Loading;

/// <summary>
/// The one syntax for numbers a person writes, in inventories and on the command line: ASCII
/// digits, an optional leading '-', no leading zeros (YAML 1.1 and many tools read <c>010</c> as
/// octal 8, and IP addresses with leading zeros are refused for the same reason), no '+',
/// spaces, separators or exponents. Decimals (seconds) may add one '.' and digits.
/// </summary>
public static class NumberText
{
    /// <summary>
    /// A whole number in <paramref name="min"/>..<paramref name="max"/>. On failure
    /// <paramref name="problem"/> completes "WHAT …" (e.g. "'abc' is not a whole number"), and
    /// <paramref name="fix"/> is set when the input is one edit away from a valid value.
    /// </summary>
    public static bool TryWhole(string text, long min, long max, out long value, out string problem, out string? fix)
    {
        value = 0;
        fix = null;
        var shown = MessageText.Cut(text);
        var digits = text.StartsWith('-') ? text[1..] : text;
        if (digits.Length == 0 || !digits.All(char.IsAsciiDigit))
        {
            problem = $"'{shown}' is not a whole number";
            return false;
        }
        if (digits.Length > 1 && digits[0] == '0')
        {
            var plain = (text.StartsWith('-') ? "-" : "") + (digits.TrimStart('0') is { Length: > 0 } t ? t : "0");
            problem = $"'{shown}' has a leading zero, which some tools read as octal";
            fix = $"write {MessageText.Cut(plain)}";
            return false;
        }
        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value) || value < min || value > max)
        {
            value = 0;
            problem = $"{shown} is outside {min}..{max}";
            return false;
        }
        problem = "";
        return true;
    }

    /// <summary>A decimal number (e.g. seconds: <c>0.5</c>, <c>15</c>) in <paramref name="min"/>..<paramref name="max"/>; as <see cref="TryWhole"/> otherwise.</summary>
    public static bool TryDecimal(string text, double min, double max, out double value, out string problem, out string? fix)
    {
        value = 0;
        fix = null;
        var shown = MessageText.Cut(text);
        var dot = text.IndexOf('.');
        var whole = text.StartsWith('-') ? text[1..(dot < 0 ? text.Length : dot)] : text[..(dot < 0 ? text.Length : dot)];
        var fraction = dot < 0 ? "0" : text[(dot + 1)..];
        if (whole.Length == 0 || fraction.Length == 0 || !whole.All(char.IsAsciiDigit) || !fraction.All(char.IsAsciiDigit))
        {
            problem = $"'{shown}' is not a number";
            return false;
        }
        if (whole.Length > 1 && whole[0] == '0')
        {
            problem = $"'{shown}' has a leading zero, which some tools read as octal";
            var plain = (text.StartsWith('-') ? "-" : "") + (whole.TrimStart('0') is { Length: > 0 } t ? t : "0") + (dot < 0 ? "" : text[dot..]);
            fix = $"write {MessageText.Cut(plain)}";
            return false;
        }
        value = double.Parse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
        if (value < min || value > max)
        {
            problem = $"{shown} is outside {min.ToString(CultureInfo.InvariantCulture)}..{max.ToString(CultureInfo.InvariantCulture)}";
            return false;
        }
        problem = "";
        return true;
    }
}
