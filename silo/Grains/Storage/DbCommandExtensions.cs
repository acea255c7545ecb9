using System.Data.Common;

namespace Volunteers.Storage;

internal static class DbCommandExtensions
{
    /// <summary>Binds a named parameter; both drivers take the name without the '@' the SQL uses.</summary>
    public static void Bind(this DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }
}
