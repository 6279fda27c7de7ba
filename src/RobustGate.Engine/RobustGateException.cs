namespace RobustGate.Engine;

/// <summary>
/// Base of every error RobustGate reports to a user. It carries the exit code the front end
/// must use and, where there is one, the file the problem is in, so a message can always say
/// which file, which field and what was expected.
/// </summary>
public class RobustGateException : Exception
{
    public RobustGateException(string message, int exitCode, string? file = null, Exception? inner = null)
        : base(message, inner)
    {
        ExitCode = exitCode;
        File = file;
    }

    public int ExitCode { get; }

    /// <summary>The file the problem was found in, when there is one.</summary>
    public string? File { get; }
}

/// <summary>Bad model, weights, data or image file: exit code 3.</summary>
public class InvalidInputException : RobustGateException
{
    public InvalidInputException(string message, string? file = null, Exception? inner = null)
        : base(file is null ? message : $"{file}: {message}", ExitCodes.BadInput, file, inner)
    {
    }
}

/// <summary>Bad command line or configuration: exit code 2.</summary>
public class ConfigurationException : RobustGateException
{
    public ConfigurationException(string message, string? file = null, Exception? inner = null)
        : base(file is null ? message : $"{file}: {message}", ExitCodes.UsageOrConfiguration, file, inner)
    {
    }
}
