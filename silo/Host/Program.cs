using Volunteers.Hosting;
using Volunteers.ServiceDefaults;
using Volunteers.Storage;

var builder = WebApplication.CreateBuilder(args);
if (args is ["migrate"])
{
    await DatabaseMigrator.RunAloneAsync(builder.Configuration);
    return;
}

builder.AddVolunteersSilo();

var app = builder.Build();
app.MapVolunteersOperations();
await app.RunAsync();
