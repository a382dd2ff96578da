/// A Linux distribution whose releases the end-of-life table knows.
public enum OperatingSystem: String, Codable, Sendable, CaseIterable {
    case ubuntu
    case debian
    case alpine
    case centos
    case centosStream = "centos-stream"
    case fedora
    case opensuseLeap = "opensuse-leap"
    case azureLinux = "azurelinux"
    case rhel
    case amazonLinux = "amazonlinux"

    /// The name people use.
    public var displayName: String {
        switch self {
        case .ubuntu: return "Ubuntu"
        case .debian: return "Debian"
        case .alpine: return "Alpine"
        case .centos: return "CentOS"
        case .centosStream: return "CentOS Stream"
        case .fedora: return "Fedora"
        case .opensuseLeap: return "openSUSE Leap"
        case .azureLinux: return "Azure Linux (CBL-Mariner)"
        case .rhel: return "Red Hat Enterprise Linux / UBI"
        case .amazonLinux: return "Amazon Linux"
        }
    }
}

/// One release of a distribution and the day its free security support ends.
public struct OperatingSystemRelease: Sendable, Hashable, Codable {
    /// The distribution.
    public var os: OperatingSystem
    /// The release as tags write it (`18.04`, `10`, `3.13`, `2.0`, `2023`).
    public var version: String
    /// The codename tags may use instead of the version (`bionic`, `buster`), lowercase.
    public var codename: String?
    /// The end of free security support, `yyyy-MM-dd` (UTC); `nil` when not yet announced.
    public var endOfLife: String?

    /// A release row.
    public init(_ os: OperatingSystem, _ version: String, codename: String? = nil, endOfLife: String?) {
        self.os = os
        self.version = version
        self.codename = codename
        self.endOfLife = endOfLife
    }

    /// "Ubuntu 18.04 (bionic)".
    public var displayName: String {
        let name = "\(os.displayName) \(version)"
        return codename.map { "\(name) (\($0))" } ?? name
    }

    /// Whether the release is past its end of life at `now`: EOL day itself counts as ended.
    public func isEndOfLife(at now: Date) -> Bool {
        guard let date = endOfLifeDate else { return false }
        return date <= now
    }

    /// `endOfLife` as a date at 00:00 UTC.
    public var endOfLifeDate: Date? {
        endOfLife.flatMap(CalendarDay.parse)
    }

    /// The version as numbers, for ordering (`3.13` → `[3, 13]`).
    var numericVersion: [Int] {
        version.split(separator: ".").map { Int($0) ?? 0 }
    }
}

import Foundation
