using Microsoft.Extensions.Configuration;
using Volunteers.Storage;

namespace Volunteers.Tests.Storage;

public sealed class DatabaseSettingsTests
{
    [Fact]
    public void A_sqlite_file_whose_folder_cannot_be_made_is_a_settings_fault_naming_the_setting_and_the_folder()
    {
        // A folder under a regular file can never be made, whoever runs the test (root included).
        var file = Path.GetTempFileName();
        try
        {
            var folder = Path.Combine(file, "data");
            var settings = new ConfigurationBuilder()
                .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Volunteers"] = $"Data Source={folder}/volunteers.db" })
                .Build();

            var fault = Assert.Throws<SettingsException>(() => Database.FromConfiguration(settings));

            Assert.StartsWith($"ConnectionStrings:Volunteers keeps the SQLite file in {folder}, which cannot be made: ", fault.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
