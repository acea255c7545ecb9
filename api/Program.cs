using Volunteers.Hosting;
using Volunteers.Api.Hosting;

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
app.Run();
return 0;

/// <summary>Visible to WebApplicationFactory in the API tests.</summary>
public partial class Program;
