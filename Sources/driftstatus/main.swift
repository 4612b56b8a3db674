import ArgumentParser

/// `driftstatus`: one executable, one subcommand per job.
struct Driftstatus: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "driftstatus",
        abstract: "A self-hosted public status page and incident-communication service.",
        subcommands: [ServeCommand.self, MigrateCommand.self, DemoCommand.self, ExportCommand.self,
                      UserCommand.self, TokenCommand.self, BackupCommand.self, RestoreCommand.self,
                      BenchRenderCommand.self]
    )
}

Driftstatus.main()
