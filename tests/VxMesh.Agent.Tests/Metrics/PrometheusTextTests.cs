using VxMesh.Agent.Metrics;

namespace VxMesh.Agent.Tests.Metrics;

public class PrometheusTextTests
{
    [Fact]
    public void Sample_LabelValueWithBackslashQuoteNewline_Escaped()
    {
        var text = new PrometheusText().Sample("x_total", 3, ("a", "b\\c\"d\ne")).ToString();

        Assert.Equal("x_total{a=\"b\\\\c\\\"d\\ne\"} 3\n", text);
    }

    [Fact]
    public void Family_HelpWithNewline_EscapedAndTypeFollows()
    {
        var text = new PrometheusText().Family("x", "gauge", "two\nlines \\ here").ToString();

        Assert.Equal("# HELP x two\\nlines \\\\ here\n# TYPE x gauge\n", text);
    }

    [Theory]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    [InlineData(0.25, "0.25")]
    [InlineData(1e-7, "1E-07")]
    [InlineData(12345678, "12345678")]
    public void Number_SpecialsAndInvariant(double value, string expected) => Assert.Equal(expected, PrometheusText.Number(value));

    [Fact]
    public void Histogram_BucketsCumulativeEndingAtInfThenSumAndCount()
    {
        var histogram = new Histogram([0.1, 1]);
        histogram.Observe(0.05);
        histogram.Observe(0.1);
        histogram.Observe(0.5);
        histogram.Observe(7);

        var lines = new PrometheusText().Histogram("d_seconds", "h", histogram.Snapshot()).ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(
        [
            "# HELP d_seconds h", "# TYPE d_seconds histogram",
            "d_seconds_bucket{le=\"0.1\"} 2", "d_seconds_bucket{le=\"1\"} 3", "d_seconds_bucket{le=\"+Inf\"} 4",
            "d_seconds_sum 7.65", "d_seconds_count 4",
        ], lines);
    }
}
