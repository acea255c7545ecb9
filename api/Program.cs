using Volunteers.Hosting;
using Volunteers.Api.Hosting;
using Volunteers.ServiceDefaults;

var builder = WebApplication.CreateBuilder(SettingsFiles.ReadOnce(FirstRun.HostArguments(args)));
builder.AddVolunteersHost();
builder.Services.AddVolunteersApi();
builder.AddVolunteersAuth();
builder.AddWebAssets();

var app = builder.Build();
app.MapVolunteersApi();
if (FirstRun.IsCommand(args))
{
    return await FirstRun.RunAsync(app, args);
}
return await app.RunUntilStoppedAsync();

/// <summary>Visible to WebApplicationFactory in the API tests.</summary>
public partial class Program;
