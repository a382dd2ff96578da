import ArgumentParser

@main
struct Census: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "census",
        abstract: "Inventory the container images a fleet of repositories uses.",
        subcommands: []
    )
}
