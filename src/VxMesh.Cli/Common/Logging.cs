using Microsoft.Extensions.Logging;

namespace VxMesh.Cli.Common;

/// <summary>One-line, timestamped console logs on stderr, so stdout stays clean for reports.</summary>
public static class Logging
{
    public static ILoggerFactory Create(LogLevel minimum = LogLevel.Information) =>
        LoggerFactory.Create(builder => builder
            .SetMinimumLevel(minimum)
            .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace)
            .AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss.fff ";
                o.IncludeScopes = false;
            }));
}
