using System.Globalization;
using System.Text;

namespace VxMesh.Agent.Metrics;

/// <summary>
/// Writes the Prometheus text exposition format (version 0.0.4): per family one <c># HELP</c> and one
/// <c># TYPE</c> line, then its samples as <c>name{label="value",…} number</c>. Hand-written because the
/// agent needs a few dozen families on a listener it already has; the listed client library would bring
/// its own HTTP stack and dependencies below the versions this repository allows. What the format asks of
/// a writer is small and tested here: label values escape backslash, double quote and newline; help text
/// escapes backslash and newline; numbers are invariant, with <c>+Inf</c>, <c>-Inf</c> and <c>NaN</c>;
/// a histogram is cumulative <c>_bucket{le=…}</c> series ending at <c>+Inf</c>, then <c>_sum</c> and <c>_count</c>.
/// </summary>
public sealed class PrometheusText
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private readonly StringBuilder text = new();

    /// <summary>Starts a family; its samples follow. <paramref name="type"/>: counter, gauge, histogram.</summary>
    public PrometheusText Family(string name, string type, string help)
    {
        text.Append("# HELP ").Append(name).Append(' ').Append(EscapeHelp(help)).Append('\n');
        text.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
        return this;
    }

    public PrometheusText Sample(string name, double value, params ReadOnlySpan<(string Name, string Value)> labels)
    {
        text.Append(name);
        if (labels.Length > 0)
        {
            text.Append('{');
            for (var i = 0; i < labels.Length; i++)
            {
                if (i > 0)
                {
                    text.Append(',');
                }
                text.Append(labels[i].Name).Append("=\"").Append(EscapeLabel(labels[i].Value)).Append('"');
            }
            text.Append('}');
        }
        text.Append(' ').Append(Number(value)).Append('\n');
        return this;
    }

    /// <summary>A histogram family with one series (no labels).</summary>
    public PrometheusText Histogram(string name, string help, HistogramSnapshot histogram)
    {
        Family(name, "histogram", help);
        long cumulative = 0;
        for (var i = 0; i < histogram.Bounds.Count; i++)
        {
            cumulative += histogram.Counts[i];
            Sample(name + "_bucket", cumulative, ("le", Number(histogram.Bounds[i])));
        }
        Sample(name + "_bucket", histogram.Count, ("le", "+Inf"));
        Sample(name + "_sum", histogram.Sum);
        return Sample(name + "_count", histogram.Count);
    }

    public override string ToString() => text.ToString();

    public static string Number(double value) =>
        double.IsNaN(value) ? "NaN"
        : double.IsPositiveInfinity(value) ? "+Inf"
        : double.IsNegativeInfinity(value) ? "-Inf"
        : value.ToString("R", CultureInfo.InvariantCulture);

    public static string EscapeLabel(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    public static string EscapeHelp(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
