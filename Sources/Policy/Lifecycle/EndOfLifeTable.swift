/// The end-of-life dates of the distributions container images are built on, as data.
///
/// The date is the end of *free* security support: Ubuntu's end of standard support (ESM needs a
/// subscription), Debian's end of LTS, RHEL/UBI's end of maintenance support, Amazon Linux's end of
/// security support, and each other project's published end of life. Sources are listed in `docs/eol.md`;
/// update both together. A `nil` date means no end of life is announced yet.
public enum EndOfLifeTable {
    /// Every known release, oldest first within each distribution.
    public static let releases: [OperatingSystemRelease] = [
        .init(.ubuntu, "14.04", codename: "trusty", endOfLife: "2019-04-25"),
        .init(.ubuntu, "16.04", codename: "xenial", endOfLife: "2021-04-30"),
        .init(.ubuntu, "18.04", codename: "bionic", endOfLife: "2023-05-31"),
        .init(.ubuntu, "20.04", codename: "focal", endOfLife: "2025-05-29"),
        .init(.ubuntu, "22.04", codename: "jammy", endOfLife: "2027-06-01"),
        .init(.ubuntu, "22.10", codename: "kinetic", endOfLife: "2023-07-20"),
        .init(.ubuntu, "23.04", codename: "lunar", endOfLife: "2024-01-25"),
        .init(.ubuntu, "23.10", codename: "mantic", endOfLife: "2024-07-11"),
        .init(.ubuntu, "24.04", codename: "noble", endOfLife: "2029-05-31"),
        .init(.ubuntu, "24.10", codename: "oracular", endOfLife: "2025-07-10"),
        .init(.ubuntu, "25.04", codename: "plucky", endOfLife: "2026-01-15"),
        .init(.ubuntu, "25.10", codename: "questing", endOfLife: "2026-07-09"),

        .init(.debian, "7", codename: "wheezy", endOfLife: "2018-05-31"),
        .init(.debian, "8", codename: "jessie", endOfLife: "2020-06-30"),
        .init(.debian, "9", codename: "stretch", endOfLife: "2022-06-30"),
        .init(.debian, "10", codename: "buster", endOfLife: "2024-06-30"),
        .init(.debian, "11", codename: "bullseye", endOfLife: "2026-08-31"),
        .init(.debian, "12", codename: "bookworm", endOfLife: "2028-06-30"),
        .init(.debian, "13", codename: "trixie", endOfLife: "2030-06-30"),

        .init(.alpine, "3.5", endOfLife: "2018-11-01"),
        .init(.alpine, "3.6", endOfLife: "2019-05-01"),
        .init(.alpine, "3.7", endOfLife: "2019-11-01"),
        .init(.alpine, "3.8", endOfLife: "2020-05-01"),
        .init(.alpine, "3.9", endOfLife: "2020-11-01"),
        .init(.alpine, "3.10", endOfLife: "2021-05-01"),
        .init(.alpine, "3.11", endOfLife: "2021-11-01"),
        .init(.alpine, "3.12", endOfLife: "2022-05-01"),
        .init(.alpine, "3.13", endOfLife: "2022-11-01"),
        .init(.alpine, "3.14", endOfLife: "2023-05-01"),
        .init(.alpine, "3.15", endOfLife: "2023-11-01"),
        .init(.alpine, "3.16", endOfLife: "2024-05-23"),
        .init(.alpine, "3.17", endOfLife: "2024-11-22"),
        .init(.alpine, "3.18", endOfLife: "2025-05-09"),
        .init(.alpine, "3.19", endOfLife: "2025-11-01"),
        .init(.alpine, "3.20", endOfLife: "2026-04-01"),
        .init(.alpine, "3.21", endOfLife: "2026-11-01"),
        .init(.alpine, "3.22", endOfLife: "2027-05-01"),
        .init(.alpine, "3.23", endOfLife: "2027-11-01"),

        .init(.centos, "6", endOfLife: "2020-11-30"),
        .init(.centos, "7", endOfLife: "2024-06-30"),
        .init(.centos, "8", endOfLife: "2021-12-31"),
        .init(.centosStream, "8", endOfLife: "2024-05-31"),
        .init(.centosStream, "9", endOfLife: "2027-05-31"),
        .init(.centosStream, "10", endOfLife: "2030-01-01"),

        .init(.fedora, "33", endOfLife: "2021-11-30"),
        .init(.fedora, "34", endOfLife: "2022-06-07"),
        .init(.fedora, "35", endOfLife: "2022-12-13"),
        .init(.fedora, "36", endOfLife: "2023-05-16"),
        .init(.fedora, "37", endOfLife: "2023-12-05"),
        .init(.fedora, "38", endOfLife: "2024-05-21"),
        .init(.fedora, "39", endOfLife: "2024-11-26"),
        .init(.fedora, "40", endOfLife: "2025-05-13"),
        .init(.fedora, "41", endOfLife: "2025-12-15"),
        .init(.fedora, "42", endOfLife: "2026-05-13"),
        .init(.fedora, "43", endOfLife: "2026-12-09"),

        .init(.opensuseLeap, "42.3", endOfLife: "2019-07-01"),
        .init(.opensuseLeap, "15.0", endOfLife: "2019-12-03"),
        .init(.opensuseLeap, "15.1", endOfLife: "2021-02-02"),
        .init(.opensuseLeap, "15.2", endOfLife: "2022-01-04"),
        .init(.opensuseLeap, "15.3", endOfLife: "2022-12-31"),
        .init(.opensuseLeap, "15.4", endOfLife: "2023-12-07"),
        .init(.opensuseLeap, "15.5", endOfLife: "2024-12-31"),
        .init(.opensuseLeap, "15.6", endOfLife: "2026-04-30"),
        .init(.opensuseLeap, "16.0", endOfLife: "2027-10-31"),

        .init(.azureLinux, "1.0", endOfLife: "2023-08-31"),
        .init(.azureLinux, "2.0", endOfLife: "2025-07-31"),
        .init(.azureLinux, "3.0", endOfLife: "2027-08-31"),

        .init(.rhel, "6", endOfLife: "2020-11-30"),
        .init(.rhel, "7", endOfLife: "2024-06-30"),
        .init(.rhel, "8", endOfLife: "2029-05-31"),
        .init(.rhel, "9", endOfLife: "2032-05-31"),
        .init(.rhel, "10", endOfLife: "2035-05-31"),

        .init(.amazonLinux, "2018.03", endOfLife: "2023-12-31"),
        .init(.amazonLinux, "2", endOfLife: "2026-06-30"),
        .init(.amazonLinux, "2023", endOfLife: "2029-06-30"),
    ]

    /// The release of `os` named by `version`, trying the full version then shorter prefixes
    /// (`3.13.5` → `3.13`, `10.13` → `10`, `2.0.20230119` → `2`).
    public static func release(_ os: OperatingSystem, version: String) -> OperatingSystemRelease? {
        let candidates = releases.filter { $0.os == os }
        var components = version.split(separator: ".").map(String.init)
        while !components.isEmpty {
            let attempt = components.joined(separator: ".")
            if let match = candidates.first(where: { $0.version == attempt }) { return match }
            // `2.0` and `3.0` are also written `2` and `3` (azurelinux3, cbl-mariner2).
            if components.count == 1, let match = candidates.first(where: { $0.version == attempt + ".0" }) { return match }
            components.removeLast()
        }
        return nil
    }

    /// The release of `os` with `codename` (lowercase).
    public static func release(_ os: OperatingSystem, codename: String) -> OperatingSystemRelease? {
        releases.first { $0.os == os && $0.codename == codename }
    }

    /// The newest release of `os` still supported at `now`, by version order.
    public static func newestSupported(_ os: OperatingSystem, at now: Date) -> OperatingSystemRelease? {
        releases.filter { $0.os == os && !$0.isEndOfLife(at: now) }
            .max { $0.numericVersion.lexicographicallyPrecedes($1.numericVersion) }
    }
}

import Foundation
