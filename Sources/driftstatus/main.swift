import ArgumentParser
import StatusSite

/// `driftstatus`: one executable, one subcommand per job.
struct Driftstatus: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "driftstatus",
        abstract: "A self-hosted public status page and incident-communication service.",
        // Read at run time from VERSION where the program is installed, so a package stamps it.
        version: SiteDirectory.installedVersion() ?? "unknown",
        subcommands: [ServeCommand.self, MigrateCommand.self, DemoCommand.self, ExportCommand.self,
                      UserCommand.self, TokenCommand.self, BackupCommand.self, RestoreCommand.self, ImportCommand.self,
                      BenchRenderCommand.self]
    )
}

Driftstatus.main()
