import Foundation

extension RegistryClient {
    /// A client for `baseURL` offering the credentials `environment` holds for its host
    /// (see `RegistryCredentials.fromEnvironment`).
    public init(baseURL: URL, environment: [String: String] = ProcessInfo.processInfo.environment,
                timeout: TimeInterval = 20) {
        self.init(baseURL: baseURL,
                  credentials: RegistryCredentials.fromEnvironment(host: baseURL.hostWithPort, environment: environment),
                  timeout: timeout)
    }
}
