import GRDB

extension AppDatabase {
    /// "v8 argon2id and password-keyed lookups": nothing in the file can be checked against a
    /// guessed phone or card number without the account's password.
    ///
    /// - `account` loses `phoneLookup` (an HMAC under a secret kept in the same file: with the
    ///   masked form beside it, 10^4 guesses gave the number back). Sign-in by phone now finds
    ///   the accounts whose masked form matches and lets the password decide.
    /// - `account` names its key derivation: `kdf` is `argon2id13` (kdfParam1 = passes,
    ///   kdfParam2 = memory in bytes, kdfParam3 = lanes) or `scrypt` (N, r, p). Existing accounts
    ///   keep their scrypt parameters until their next sign-in moves them to Argon2id.
    /// - `account.disclosureSeal`: the verified head of the disclosure log (count and last MAC)
    ///   sealed under the account's data key, so deleting the newest entries, or all of them,
    ///   is caught. NULL until the account's first sign-in with this version.
    /// - `card` loses `numberLookup` (an HMAC of the full number under the same install secret:
    ///   with the BIN, last 4 and length beside it, a number came back in about a second). The
    ///   duplicate check opens the account's own sealed numbers while it is unlocked.
    /// - `disclosure.mac` replaces `hash`: the entry's place in the keyed chain (HMAC under a key
    ///   derived from the account's data key) instead of a plain SHA-256 chain that anyone with
    ///   the file could recompute. NULL for entries written while the account was locked (a
    ///   friend lookup by another account of this file) and for entries written before this
    ///   version: they are chained at the account's next sign-in. `disclosure_head` goes: the
    ///   head is `account.disclosureSeal`.
    /// - `friend_directory.phoneLookup`: the directory (the embedded service's) finds a listing
    ///   by a keyed hash of the number, kept only for accounts that turned "find me by phone"
    ///   on, which asks for exactly that: anyone who knows the number finds the account. Filled
    ///   at the account's next sign-in (listings are published again then).
    static func migrateKeys(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE account_v8 (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              phoneMasked TEXT NOT NULL,
              phoneSealed BLOB,
              nickname TEXT,
              passwordSalt BLOB NOT NULL,
              kdf TEXT NOT NULL,
              kdfParam1 INTEGER NOT NULL,
              kdfParam2 INTEGER NOT NULL,
              kdfParam3 INTEGER NOT NULL,
              passwordVerifier BLOB NOT NULL,
              wrappedDataKey BLOB NOT NULL,
              createdAt DATETIME NOT NULL,
              verifiedAt DATETIME,
              realNameSealed BLOB,
              residentIDSealed BLOB,
              birthDateSealed BLOB,
              ageBand TEXT,
              failedAttempts INTEGER NOT NULL DEFAULT 0,
              nextAttemptAt DATETIME,
              lastSignInAt DATETIME,
              idleLockSeconds INTEGER NOT NULL DEFAULT 300,
              disclosureSeal BLOB
            );
            INSERT INTO account_v8 (id, phoneMasked, phoneSealed, nickname, passwordSalt, kdf, kdfParam1, kdfParam2, kdfParam3,
              passwordVerifier, wrappedDataKey, createdAt, verifiedAt, realNameSealed, residentIDSealed, birthDateSealed, ageBand,
              failedAttempts, nextAttemptAt, lastSignInAt, idleLockSeconds)
            SELECT id, phoneMasked, phoneSealed, nickname, passwordSalt, 'scrypt', scryptN, scryptR, scryptP,
              passwordVerifier, wrappedDataKey, createdAt, verifiedAt, realNameSealed, residentIDSealed, birthDateSealed, ageBand,
              failedAttempts, nextAttemptAt, lastSignInAt, idleLockSeconds FROM account;
            DROP TABLE account;
            ALTER TABLE account_v8 RENAME TO account;
            CREATE INDEX account_by_masked_phone ON account(phoneMasked);

            CREATE TABLE card_v8 (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              accountID INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
              numberSealed BLOB NOT NULL,
              bin TEXT NOT NULL,
              last4 TEXT NOT NULL,
              length INTEGER NOT NULL,
              bankZh TEXT NOT NULL,
              bankEn TEXT NOT NULL,
              cardType TEXT NOT NULL,
              reservedPhoneMasked TEXT NOT NULL,
              reservedPhoneSealed BLOB NOT NULL,
              bankToken TEXT NOT NULL UNIQUE,
              isDefault BOOLEAN NOT NULL DEFAULT 0,
              boundAt DATETIME NOT NULL
            );
            INSERT INTO card_v8 (id, accountID, numberSealed, bin, last4, length, bankZh, bankEn, cardType,
              reservedPhoneMasked, reservedPhoneSealed, bankToken, isDefault, boundAt)
            SELECT id, accountID, numberSealed, bin, last4, length, bankZh, bankEn, cardType,
              reservedPhoneMasked, reservedPhoneSealed, bankToken, isDefault, boundAt FROM card;
            DROP TABLE card;
            ALTER TABLE card_v8 RENAME TO card;
            CREATE UNIQUE INDEX card_default ON card(accountID) WHERE isDefault;
            CREATE INDEX card_by_account ON card(accountID);

            CREATE TABLE disclosure_v8 (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              accountID INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
              position INTEGER NOT NULL,
              occurredAt INTEGER NOT NULL,
              recipient TEXT NOT NULL,
              recipientName TEXT NOT NULL,
              categories TEXT NOT NULL,
              purpose TEXT NOT NULL,
              legalBasis TEXT NOT NULL,
              summary TEXT NOT NULL,
              mac BLOB
            );
            INSERT INTO disclosure_v8 (id, accountID, position, occurredAt, recipient, recipientName, categories, purpose,
              legalBasis, summary)
            SELECT id, accountID, position, occurredAt, recipient, recipientName, categories, purpose, legalBasis, summary
              FROM disclosure;
            DROP TABLE disclosure;
            ALTER TABLE disclosure_v8 RENAME TO disclosure;
            CREATE INDEX disclosure_by_account ON disclosure(accountID, id);
            DROP TABLE disclosure_head;

            ALTER TABLE friend_directory ADD COLUMN phoneLookup BLOB;
            CREATE UNIQUE INDEX friend_directory_by_phone ON friend_directory(phoneLookup) WHERE phoneLookup IS NOT NULL;
            """)
    }
}
