import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Talks to one registry's OCI distribution API (`/v2/…`): tag lists with `Link` pagination, manifests,
/// and config blobs, answering `401` challenges with basic auth or the Bearer token flow.
///
/// Every request has a bounded timeout; tokens are cached per scope for the client's lifetime.
public actor RegistryClient {
    /// The registry's base URL (`https://registry.example.com`, `http://127.0.0.1:5000`).
    public let baseURL: URL
    /// Credentials offered when the registry or its token service asks.
    private let credentials: RegistryCredentials?
    private let session: URLSession
    private let delegate: RegistrySessionDelegate
    private var authorizations: [String: String] = [:]

    /// Media types accepted for manifests, single-platform first.
    static let manifestMediaTypes = [
        "application/vnd.oci.image.manifest.v1+json",
        "application/vnd.docker.distribution.manifest.v2+json",
        "application/vnd.oci.image.index.v1+json",
        "application/vnd.docker.distribution.manifest.list.v2+json",
    ]

    /// A client for `baseURL`; `timeout` bounds each request (and three times it each whole transfer).
    public init(baseURL: URL, credentials: RegistryCredentials?, timeout: TimeInterval = 20) {
        self.baseURL = baseURL
        self.credentials = credentials
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout * 3
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        let delegate = RegistrySessionDelegate(credentials: credentials)
        self.delegate = delegate
        self.session = URLSession(configuration: configuration, delegate: delegate, delegateQueue: nil)
    }

    /// The base URL for a registry host: `https://host`, or `http://host` for loopback hosts, which
    /// Docker also treats as insecure registries by default.
    public static func defaultBaseURL(forHost host: String) -> URL? {
        let name = host.split(separator: ":").first.map(String.init) ?? host
        let loopback = name == "localhost" || name.hasPrefix("127.") || host.hasPrefix("[::1]")
        return URL(string: "\(loopback ? "http" : "https")://\(host)")
    }

    // MARK: API

    /// Every tag of `repository` (the path inside the registry), following `Link` pagination.
    public func tags(of repository: String, pageSize: Int = 1000) async throws(PolicyError) -> [String] {
        try await paginate(path: "/v2/\(repository)/tags/list", key: "tags", pageSize: pageSize,
                           scope: "repository:\(repository):pull")
    }

    /// Every repository of the registry (`/v2/_catalog`), following `Link` pagination.
    public func repositories(pageSize: Int = 1000) async throws(PolicyError) -> [String] {
        try await paginate(path: "/v2/_catalog", key: "repositories", pageSize: pageSize, scope: "registry:catalog:*")
    }

    /// The digest `repository:tag` points to (a `HEAD` request; `nil` when the registry sends none).
    public func manifestDigest(of repository: String, reference: String) async throws(PolicyError) -> String? {
        var request = URLRequest(url: url("/v2/\(repository)/manifests/\(reference)"))
        request.httpMethod = "HEAD"
        request.setValue(Self.manifestMediaTypes.joined(separator: ", "), forHTTPHeaderField: "Accept")
        let (_, response) = try await send(request, scope: "repository:\(repository):pull")
        try expect(response, [200], data: Data())
        return response.value(forHTTPHeaderField: "Docker-Content-Digest")
    }

    /// When the image `repository:reference` was built: the config blob's `created`, following an index
    /// to its `linux/amd64` (else first) manifest. `nil` when the image records no date.
    public func created(of repository: String, reference: String) async throws(PolicyError) -> Date? {
        let scope = "repository:\(repository):pull"
        var manifest = try await manifestJSON(repository, reference, scope: scope)
        if let entries = manifest["manifests"] as? [[String: Any]] {
            let chosen = entries.first { entry in
                let platform = entry["platform"] as? [String: Any]
                return platform?["os"] as? String == "linux" && platform?["architecture"] as? String == "amd64"
            } ?? entries.first
            guard let digest = chosen?["digest"] as? String else { return nil }
            manifest = try await manifestJSON(repository, digest, scope: scope)
        }
        guard let config = manifest["config"] as? [String: Any], let digest = config["digest"] as? String else { return nil }
        let blobURL = url("/v2/\(repository)/blobs/\(digest)")
        let (data, response) = try await send(URLRequest(url: blobURL), scope: scope)
        try expect(response, [200], data: data)
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw .registryInvalidResponse(url: blobURL.absoluteString, problem: "the config blob \(digest) is not a JSON object")
        }
        return (object["created"] as? String).flatMap(RFC3339.parse)
    }

    /// Sends `request`, answering one `401` challenge (basic, or Bearer through the token service).
    func send(_ original: URLRequest, scope: String) async throws(PolicyError) -> (Data, HTTPURLResponse) {
        var request = original
        if let authorization = authorizations[scope] {
            request.setValue(authorization, forHTTPHeaderField: "Authorization")
        }
        var (data, response) = try await perform(request)
        guard response.statusCode == 401 else { return (data, response) }
        let challenge = HTTPChallenge.parse(response.value(forHTTPHeaderField: "WWW-Authenticate"))
        let authorization = try await authorize(challenge, scope: scope, url: request.url)
        authorizations[scope] = authorization
        request.setValue(authorization, forHTTPHeaderField: "Authorization")
        (data, response) = try await perform(request)
        if response.statusCode == 401 || response.statusCode == 403 {
            throw .registryAuthenticationFailed(url: describe(request.url), status: response.statusCode,
                                                problem: rejection(detail: errorDetail(data)))
        }
        return (data, response)
    }

    // MARK: Internals

    func url(_ path: String) -> URL {
        URL(string: path, relativeTo: baseURL)?.absoluteURL ?? baseURL.appendingPathComponent(path)
    }

    private func describe(_ url: URL?) -> String { url?.absoluteString ?? baseURL.absoluteString }

    private func rejection(detail: String) -> String {
        let suffix = detail.isEmpty ? "" : " (\(detail))"
        guard let credentials else {
            return "the registry requires credentials and none are configured; set CENSUS_REGISTRY_USER and CENSUS_REGISTRY_PASSWORD, or CENSUS_REGISTRY_\(RegistryCredentials.environmentKey(for: baseURL.hostWithPort))_USER/_PASSWORD\(suffix)"
        }
        return "the registry rejected \(credentials)\(suffix)"
    }

    private func authorize(_ challenge: HTTPChallenge?, scope: String, url: URL?) async throws(PolicyError) -> String {
        switch challenge?.scheme {
        case "basic":
            guard let credentials else {
                throw .registryAuthenticationFailed(url: describe(url), status: 401, problem: rejection(detail: ""))
            }
            return credentials.basicAuthorization
        case "bearer":
            guard let challenge, let realm = challenge.parameters["realm"], var components = URLComponents(string: realm) else {
                throw .registryInvalidResponse(url: describe(url), problem: "Bearer challenge without a realm")
            }
            var query = components.queryItems ?? []
            if let service = challenge.parameters["service"] { query.append(URLQueryItem(name: "service", value: service)) }
            query.append(URLQueryItem(name: "scope", value: challenge.parameters["scope"] ?? scope))
            components.queryItems = query
            guard let tokenURL = components.url else {
                throw .registryInvalidResponse(url: describe(url), problem: "Bearer realm '\(realm)' is not a URL")
            }
            var request = URLRequest(url: tokenURL)
            if let credentials { request.setValue(credentials.basicAuthorization, forHTTPHeaderField: "Authorization") }
            let (data, response) = try await perform(request)
            if response.statusCode == 401 || response.statusCode == 403 {
                throw .registryAuthenticationFailed(url: realm, status: response.statusCode,
                                                    problem: "the token service " + rejection(detail: errorDetail(data))
                                                        .replacingOccurrences(of: "the registry ", with: ""))
            }
            try expect(response, [200], data: data)
            guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
                  let token = (object["token"] as? String) ?? (object["access_token"] as? String), !token.isEmpty else {
                throw .registryInvalidResponse(url: realm, problem: "the token service answered without a token")
            }
            return "Bearer \(token)"
        default:
            throw .registryAuthenticationFailed(url: describe(url), status: 401,
                                                problem: "unsupported authentication challenge '\(challenge?.scheme ?? "none")'")
        }
    }

    private func perform(_ original: URLRequest) async throws(PolicyError) -> (Data, HTTPURLResponse) {
        var request = original
        let id = UUID().uuidString
        request.setValue(id, forHTTPHeaderField: RegistrySessionDelegate.requestIDHeader)
        do {
            let (data, response) = try await session.data(for: request)
            guard let http = response as? HTTPURLResponse else {
                throw PolicyError.registryInvalidResponse(url: describe(request.url), problem: "not an HTTP response")
            }
            return (data, http)
        } catch let error as PolicyError {
            throw error
        } catch {
            if delegate.wasRefused(id) {
                throw .registryAuthenticationFailed(url: describe(request.url), status: 401, problem: rejection(detail: ""))
            }
            throw .registryUnreachable(url: describe(request.url), problem: error.localizedDescription)
        }
    }

    func expect(_ response: HTTPURLResponse, _ statuses: Set<Int>, data: Data) throws(PolicyError) {
        guard !statuses.contains(response.statusCode) else { return }
        throw .registryStatus(url: describe(response.url), status: response.statusCode, body: errorDetail(data))
    }

    /// The `errors[].message` of a registry error body, or the body's start.
    private func errorDetail(_ data: Data) -> String {
        if let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
           let errors = object["errors"] as? [[String: Any]] {
            return errors.compactMap { error in
                [error["code"] as? String, error["message"] as? String].compactMap { $0 }.joined(separator: ": ")
            }.joined(separator: "; ")
        }
        return String(decoding: data.prefix(300), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private func manifestJSON(_ repository: String, _ reference: String, scope: String) async throws(PolicyError) -> [String: Any] {
        var request = URLRequest(url: url("/v2/\(repository)/manifests/\(reference)"))
        request.setValue(Self.manifestMediaTypes.joined(separator: ", "), forHTTPHeaderField: "Accept")
        let (data, response) = try await send(request, scope: scope)
        try expect(response, [200], data: data)
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw .registryInvalidResponse(url: describe(request.url), problem: "the manifest is not a JSON object")
        }
        return object
    }

    private func paginate(path: String, key: String, pageSize: Int, scope: String) async throws(PolicyError) -> [String] {
        var next: URL? = url("\(path)?n=\(pageSize)")
        var visited: Set<URL> = []
        var items: [String] = []
        while let page = next, visited.insert(page).inserted, visited.count <= 10_000 {
            let (data, response) = try await send(URLRequest(url: page), scope: scope)
            try expect(response, [200], data: data)
            guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                throw .registryInvalidResponse(url: page.absoluteString, problem: "expected a JSON object with '\(key)'")
            }
            items += object[key] as? [String] ?? []
            next = LinkHeader.next(response.value(forHTTPHeaderField: "Link"), relativeTo: page)
        }
        return items
    }
}

extension URL {
    /// `host:port` (or just the host).
    var hostWithPort: String {
        guard let host else { return absoluteString }
        return port.map { "\(host):\($0)" } ?? host
    }
}
