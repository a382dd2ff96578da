/// The census version written into reports (SARIF's driver version).
enum CensusVersion {
    static let current = "0.1.0"
}
