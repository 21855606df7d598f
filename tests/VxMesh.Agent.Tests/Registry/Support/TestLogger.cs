using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace VxMesh.Agent.Tests.Registry.Support;

/// <summary>Routes a component's log lines to the test's output (shown when a test fails).</summary>
public sealed class TestLogger(ITestOutputHelper output, string name) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        try
        {
            output.WriteLine($"{DateTime.Now:HH:mm:ss.fff} {name} {logLevel}: {formatter(state, exception)}");
        }
        catch (InvalidOperationException)
        {
            // The test already finished; background loops may still log while stopping.
        }
    }
}
