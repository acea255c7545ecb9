using Volunteers.Hosting;
using Volunteers.ServiceDefaults;
using Volunteers.Storage;

try
{
    var builder = WebApplication.CreateBuilder(args);
    // The command comes first; whatever follows it is configuration, and it never starts a silo.
    if (args is ["migrate", ..])
    {
        return await DatabaseMigrator.RunAloneAsync(builder.Configuration);
    }

    builder.AddVolunteersSilo();

    var app = builder.Build();
    app.MapVolunteersOperations();
    return await app.RunUntilStoppedAsync();
}
catch (Exception failure) when (HostRunning.IsSettingsFault(failure))
{
    return await HostRunning.TellSettingsFaultAsync(failure);
}
