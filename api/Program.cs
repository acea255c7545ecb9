using Volunteers.Hosting;
using Volunteers.Api.Hosting;
using Volunteers.ServiceDefaults;

try
{
    var builder = WebApplication.CreateBuilder(SettingsFiles.ReadOnce(FirstRun.HostArguments(args)));
    builder.AddVolunteersHost();
    builder.Services.AddVolunteersApi();
    builder.AddVolunteersAuth();
    builder.AddWebAssets();

    var app = builder.Build();
    app.MapVolunteersApi();
    return FirstRun.IsCommand(args) ? await FirstRun.RunAsync(app, args) : await app.RunUntilStoppedAsync();
}
catch (Exception failure) when (HostRunning.IsSettingsFault(failure))
{
    return await HostRunning.TellSettingsFaultAsync(failure);
}

/// <summary>Visible to WebApplicationFactory in the API tests.</summary>
public partial class Program;
