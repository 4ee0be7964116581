import Foundation

/// Reads an address-book file the user names (the contacts permission, rule B5).
///
/// ```swift
/// let file = try ContactsReader(book: book).read(URL(fileURLWithPath: "contacts.vcf"), feature: "phone-topup")
/// file.cards.flatMap(\.mobileNumbers)
/// ```
/// Without the permission it throws `PermissionError.notGranted` before the file is opened.
/// The file is read each time and never copied; what it holds lives only in memory.
public struct ContactsReader: Sendable {
    public let book: PermissionBook

    public init(book: PermissionBook) { self.book = book }

    /// - Throws: `PermissionError` (refused), `VCardError` (the file cannot be read as vCards).
    public func read(_ file: URL, feature: String) throws -> VCardFile {
        try book.requireGranted(.contacts, feature: feature)
        try book.use(.contacts, feature: feature)
        return try VCardParser.parse(contentsOf: file)
    }
}
