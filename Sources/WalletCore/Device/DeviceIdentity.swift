import Foundation
import GRDB

/// The identifier of this installation (rule B5): a random install id by default, which the
/// user can reset; the device's real MAC address only through the device-identifier permission.
///
/// ```swift
/// let identity = DeviceIdentity(database: db, clock: clock)
/// try identity.installID()                       // "3f0c…" (random, one per database)
/// try identity.resetInstallID()                  // a new random id; the old one is gone
/// try identity.macAddresses(book, feature: "push-binding")   // throws .notGranted without the permission
/// try identity.identifier(book, feature: "push-binding")     // the MAC if granted, else the install id
/// ```
/// The MAC address is read fresh each time and never stored, so revoking the permission
/// leaves nothing behind.
public struct DeviceIdentity: Sendable {
    public let database: AppDatabase
    public let clock: any WalletClock
    /// Where network interfaces are listed: `/sys/class/net`, or a fake one in tests.
    public let networkRoot: URL

    public static let defaultNetworkRoot = URL(fileURLWithPath: "/sys/class/net", isDirectory: true)

    public init(database: AppDatabase, clock: any WalletClock, networkRoot: URL = DeviceIdentity.defaultNetworkRoot) {
        self.database = database; self.clock = clock; self.networkRoot = networkRoot
    }

    // MARK: The random install id

    /// The install id and when it was created or last reset.
    public struct InstallIdentifier: Sendable, Equatable, Codable {
        public let installID: String
        public let since: Date
        public let wasReset: Bool
    }

    /// The install id; created now if the database has none yet.
    public func installID() throws -> InstallIdentifier {
        try database.writer.write { db in try Self.current(db, now: clock.now()) }
    }

    /// Replaces the install id with a new random one. Nothing else changes (the lookup secret
    /// of the install row stays, so accounts and cards are still found).
    @discardableResult
    public func resetInstallID() throws -> InstallIdentifier {
        let now = clock.now()
        return try database.writer.write { db in
            _ = try Self.current(db, now: now)
            let fresh = Self.newInstallID()
            try db.execute(sql: "UPDATE install SET installID = ?, installIDResetAt = ? WHERE id = 1", arguments: [fresh, now])
            return InstallIdentifier(installID: fresh, since: now, wasReset: true)
        }
    }

    static func newInstallID() -> String { UUID().uuidString.lowercased() }

    static func current(_ db: Database, now: Date) throws -> InstallIdentifier {
        if let row = try Row.fetchOne(db, sql: "SELECT installID, createdAt, installIDResetAt FROM install WHERE id = 1") {
            let resetAt: Date? = row["installIDResetAt"]
            return InstallIdentifier(installID: row["installID"], since: resetAt ?? row["createdAt"], wasReset: resetAt != nil)
        }
        let fresh = newInstallID()
        try InstallRecord(installID: fresh, lookupSecret: PasswordKeys.randomBytes(32), createdAt: now).insert(db)
        return InstallIdentifier(installID: fresh, since: now, wasReset: false)
    }

    // MARK: The MAC address, through the permission

    /// Reads the MAC addresses of the network interfaces, for `feature` (one of the
    /// device-identifier features: push-binding, analytics, error-diagnosis). Logged in the
    /// access history.
    /// - Throws: `PermissionError.notGranted` when the device-identifier permission does not allow use.
    public func macAddresses(_ book: PermissionBook, feature: String) throws -> [DeviceNetworkInterface] {
        try book.requireGranted(.deviceID, feature: feature)
        try book.use(.deviceID, feature: feature)
        return DeviceNetworkInterface.list(root: networkRoot)
    }

    /// The identifier `feature` should use: the primary interface's MAC address when the
    /// permission allows it and one exists (a logged use), else the install id (the manual
    /// alternative the inventory promises: "the feature works the same").
    public func identifier(_ book: PermissionBook, feature: String) throws -> DeviceIdentifier {
        do {
            if let primary = DeviceNetworkInterface.primary(in: try macAddresses(book, feature: feature)) {
                return .macAddress(primary)
            }
        } catch PermissionError.notGranted {
            // Not allowed: the random id, without asking (the feature asks when the user starts it).
        }
        return .installID(try installID().installID)
    }
}

/// What a device-identifier feature uses.
public enum DeviceIdentifier: Sendable, Equatable {
    case installID(String)
    case macAddress(DeviceNetworkInterface)

    /// For display: the install id whole (it is random and resettable), a MAC address masked.
    public var display: String {
        switch self {
        case .installID(let id): return id
        case .macAddress(let interface): return interface.maskedAddress
        }
    }
}

/// One network interface with a hardware address, as listed in /sys/class/net.
public struct DeviceNetworkInterface: Sendable, Equatable, Codable {
    /// "eth0", "wlp2s0".
    public let name: String
    /// Lowercase, colon-separated: "3c:22:fb:12:34:56".
    public let address: String
    /// Backed by a device (has `device` in sysfs), not a virtual interface (bridge, veth, tun).
    public let isPhysical: Bool

    public init(name: String, address: String, isPhysical: Bool) {
        self.name = name; self.address = address; self.isPhysical = isPhysical
    }

    /// The maker's prefix and the last byte: `3c:22:fb:••:••:56`.
    public var maskedAddress: String { Self.mask(address) }

    public static func mask(_ address: String) -> String {
        let parts = address.split(separator: ":").map(String.init)
        guard parts.count == 6 else { return String(repeating: "•", count: address.count) }
        return (parts[0..<3] + ["••", "••", parts[5]]).joined(separator: ":")
    }

    /// The interfaces under `root` (one folder per interface, each with an `address` file),
    /// sorted by name, without loopback, all-zero or malformed addresses.
    public static func list(root: URL) -> [DeviceNetworkInterface] {
        let fm = FileManager.default
        guard let names = try? fm.contentsOfDirectory(atPath: root.path) else { return [] }
        var found: [DeviceNetworkInterface] = []
        for name in names.sorted() where name != "lo" && !name.hasPrefix(".") {
            let folder = root.appendingPathComponent(name, isDirectory: true)
            guard let data = fm.contents(atPath: folder.appendingPathComponent("address").path),
                  let address = normalized(String(decoding: data.prefix(64), as: UTF8.self)) else { continue }
            let isPhysical = fm.fileExists(atPath: folder.appendingPathComponent("device").path)
            found.append(DeviceNetworkInterface(name: name, address: address, isPhysical: isPhysical))
        }
        return found
    }

    /// The interface a feature should use: the first physical one, else the first.
    public static func primary(in interfaces: [DeviceNetworkInterface]) -> DeviceNetworkInterface? {
        interfaces.first(where: \.isPhysical) ?? interfaces.first
    }

    /// Six hex bytes separated by colons, not all zero; lowercased. Nil otherwise.
    static func normalized(_ text: String) -> String? {
        let value = text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        let parts = value.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 6,
              parts.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isHexDigit) }) else { return nil }
        guard parts.contains(where: { $0 != "00" }) else { return nil }
        return value
    }
}
