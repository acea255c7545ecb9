using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Volunteers.Tests.Deployment;

public sealed class SettingsFilesTests
{
    [Fact]
    public void The_settings_files_are_read_at_start_and_not_watched()
    {
        using var factory = new ApiFactory();

        var configuration = (IConfigurationRoot)factory.Services.GetRequiredService<IConfiguration>();
        var files = configuration.Providers.OfType<FileConfigurationProvider>().Select(provider => provider.Source).ToList();

        Assert.Contains(files, source => source.Path == "appsettings.json");
        Assert.All(files, source => Assert.False(source.ReloadOnChange, $"{source.Path} is watched"));
    }
}
