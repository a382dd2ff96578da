/// The census version: shown by `census --version`, recorded in every run row (`run.census_version`)
/// and written into reports (SARIF's driver version). The one place it is set.
enum CensusVersion {
    static let current = "0.1.0"
}
