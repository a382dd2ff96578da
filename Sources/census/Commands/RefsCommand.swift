import ArgumentParser
import Foundation
import Inventory
import Reports

/// `census refs`: list the current references recorded in the inventory.
struct RefsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "refs",
        abstract: "List the current image references from the inventory database.")

    @OptionGroup var database: DatabaseOption
    @Option(help: ArgumentHelp("Only this repository, by name, e.g. dotnet/runtime.", valueName: "name")) var repo: String?
    @Option(help: ArgumentHelp("Only branches matching this glob.", valueName: "glob")) var branch: String?
    @Option(help: ArgumentHelp("Only images matching this glob (over the normalized reference, e.g. '*centos-7*').",
                               valueName: "glob"))
    var image: String?
    @Option(help: ArgumentHelp("How to print the results. (default: table on a terminal, json when piped)", valueName: "format")) var format: ListFormat?

    func run() throws {
        let inventory = try openInventory(database.db)
        let rows = try StoredReferenceListing.load(from: inventory,
                                                   filter: ReferenceFilter(repository: repo, branch: branch, image: image))
        switch format ?? .automatic {
        case .json: printOut(try StoredReferenceListing.json(rows))
        case .table: printOut(StoredReferenceListing.table(rows))
        }
    }
}
