using Microsoft.Data.Sqlite;

namespace Ceptoar.Node.Storage;

/// <summary>
/// The schema as an ordered list of steps; step i brings the database from PRAGMA user_version i to i + 1.
/// Steps are append-only: a released step is never edited, a change is a new step.
/// </summary>
internal static class Migrations
{
    public const string GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

    public static readonly IReadOnlyList<string> Steps =
    [
        // 1: items, deliveries, submissions, acknowledgements, members, API keys, the audit chain.
        """
        CREATE TABLE items (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            item_id TEXT NOT NULL UNIQUE,
            origin_node TEXT NOT NULL,
            kind INTEGER NOT NULL,
            tlp INTEGER NOT NULL,
            exercise INTEGER NOT NULL CHECK (exercise IN (0, 1)),
            title TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            expires_at INTEGER,
            received_at INTEGER NOT NULL,
            submitted_by_member TEXT,
            deliver_all INTEGER NOT NULL CHECK (deliver_all IN (0, 1)),
            search_text TEXT NOT NULL
        );
        CREATE INDEX items_by_submitter ON items (submitted_by_member, seq) WHERE submitted_by_member IS NOT NULL;
        CREATE INDEX items_by_origin ON items (origin_node, seq);
        CREATE INDEX items_by_created ON items (created_at);

        -- Envelopes live apart so that scanning items for a list reads small rows, not kilobytes of signed bytes.
        CREATE TABLE item_envelopes (
            seq INTEGER PRIMARY KEY REFERENCES items (seq),
            envelope BLOB NOT NULL
        );

        CREATE TABLE item_sectors (
            seq INTEGER NOT NULL REFERENCES items (seq),
            sector TEXT NOT NULL,
            PRIMARY KEY (seq, sector)
        ) WITHOUT ROWID;
        CREATE INDEX item_sectors_by_sector ON item_sectors (sector, seq);

        -- One row per member named or sector addressed by the item's member delivery; "all members" is items.deliver_all.
        CREATE TABLE item_member_delivery (
            seq INTEGER NOT NULL REFERENCES items (seq),
            member_id TEXT,
            sector TEXT,
            CHECK ((member_id IS NULL) <> (sector IS NULL))
        );
        CREATE INDEX item_member_delivery_by_seq ON item_member_delivery (seq);
        CREATE INDEX item_member_delivery_by_member ON item_member_delivery (member_id, seq) WHERE member_id IS NOT NULL;
        CREATE INDEX item_member_delivery_by_sector ON item_member_delivery (sector, seq) WHERE sector IS NOT NULL;

        CREATE TABLE submissions (
            member_id TEXT NOT NULL,
            client_request_id TEXT NOT NULL,
            seq INTEGER NOT NULL REFERENCES items (seq),
            submitted_at INTEGER NOT NULL,
            PRIMARY KEY (member_id, client_request_id)
        ) WITHOUT ROWID;
        CREATE INDEX submissions_by_seq ON submissions (seq);

        CREATE TABLE acknowledgements (
            member_id TEXT NOT NULL,
            item_id TEXT NOT NULL REFERENCES items (item_id),
            at INTEGER NOT NULL,
            note TEXT NOT NULL,
            PRIMARY KEY (member_id, item_id)
        ) WITHOUT ROWID;
        CREATE INDEX acknowledgements_by_item ON acknowledgements (item_id);

        CREATE TABLE members (
            member_id TEXT PRIMARY KEY,
            name_ja TEXT NOT NULL,
            name_en TEXT NOT NULL,
            sector TEXT NOT NULL,
            tags TEXT NOT NULL,
            contact_email TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            disabled INTEGER NOT NULL CHECK (disabled IN (0, 1)),
            disabled_at INTEGER,
            disabled_reason TEXT
        ) WITHOUT ROWID;

        CREATE TABLE api_keys (
            key_id TEXT PRIMARY KEY,
            member_id TEXT NOT NULL REFERENCES members (member_id),
            label TEXT NOT NULL,
            sha256 BLOB NOT NULL UNIQUE,
            created_at INTEGER NOT NULL,
            revoked_at INTEGER,
            revoked_reason TEXT
        ) WITHOUT ROWID;
        CREATE INDEX api_keys_by_member ON api_keys (member_id);

        CREATE TABLE audit (
            seq INTEGER PRIMARY KEY,
            at INTEGER NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            subject TEXT NOT NULL,
            outcome TEXT NOT NULL,
            detail TEXT NOT NULL,
            prev_hash TEXT NOT NULL,
            hash TEXT NOT NULL
        );
        CREATE INDEX audit_by_action ON audit (action, seq);

        -- The newest entry's seq and hash, kept in the same transaction as each append: removing the last entries
        -- leaves the head pointing past the end of the table, which Verify reports.
        CREATE TABLE audit_head (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            seq INTEGER NOT NULL,
            hash TEXT NOT NULL
        );
        INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

        -- The triggers stop mistakes and casual edits through SQL; the hash chain catches whoever drops them first.
        CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
        BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
        CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
        BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
        CREATE TRIGGER audit_extends_chain BEFORE INSERT ON audit
        WHEN NEW.seq IS NOT (SELECT seq + 1 FROM audit_head WHERE id = 1)
          OR NEW.prev_hash IS NOT (SELECT hash FROM audit_head WHERE id = 1)
        BEGIN SELECT RAISE(ABORT, 'audit entries must extend the chain from audit_head'); END;
        CREATE TRIGGER audit_head_follows_chain BEFORE UPDATE ON audit_head
        WHEN NEW.id IS NOT 1 OR NEW.seq IS NOT OLD.seq + 1
          OR NOT EXISTS (SELECT 1 FROM audit WHERE seq = NEW.seq AND hash = NEW.hash)
        BEGIN SELECT RAISE(ABORT, 'audit head may only advance to the newest entry'); END;
        CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head
        BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
        """,

        // 2: federation: peers, verified descriptors, per-peer outboxes, what peers answered, receipts, relayed receipts.
        """
        -- 1 when the stored envelope is the origin's sealed envelope (a hub relaying what it cannot read).
        ALTER TABLE items ADD COLUMN sealed INTEGER NOT NULL DEFAULT 0 CHECK (sealed IN (0, 1));

        CREATE TABLE peers (
            node_id TEXT PRIMARY KEY,
            endpoint TEXT NOT NULL,
            added_at INTEGER NOT NULL
        ) WITHOUT ROWID;

        CREATE TABLE descriptors (
            node_id TEXT PRIMARY KEY,
            envelope BLOB NOT NULL,
            issued_at INTEGER NOT NULL,
            received_at INTEGER NOT NULL
        ) WITHOUT ROWID;

        -- What is still to be sent to each peer, with the exact bytes to send; a row leaves only when the peer answered.
        CREATE TABLE outbox (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            peer TEXT NOT NULL,
            dedup_key TEXT NOT NULL,
            item_id TEXT NOT NULL,
            envelope BLOB NOT NULL,
            hops TEXT NOT NULL,
            enqueued_at INTEGER NOT NULL,
            expires_at INTEGER NOT NULL,
            UNIQUE (peer, dedup_key)
        );
        CREATE INDEX outbox_by_peer ON outbox (peer, id);

        -- Every peer's answer about an item this node sent (accepted, duplicate, rejected with the reason).
        CREATE TABLE peer_results (
            item_id TEXT NOT NULL,
            peer TEXT NOT NULL,
            outcome TEXT NOT NULL,
            reason TEXT NOT NULL,
            at INTEGER NOT NULL,
            PRIMARY KEY (item_id, peer)
        ) WITHOUT ROWID;

        -- At the origin: per recipient node, when it stored the item and when a person acknowledged it.
        CREATE TABLE receipts (
            item_id TEXT NOT NULL,
            recipient_node TEXT NOT NULL,
            delivered_at INTEGER,
            acknowledged_at INTEGER,
            acknowledged_by TEXT,
            rejected_reason TEXT,
            PRIMARY KEY (item_id, recipient_node)
        ) WITHOUT ROWID;

        -- At hubs: receipts relayed for others, so a receipt arriving twice is relayed once.
        CREATE TABLE relayed_receipts (
            dedup_key TEXT PRIMARY KEY,
            received_at INTEGER NOT NULL
        ) WITHOUT ROWID;
        """,

        // 3: handling rules (every saved version kept; the newest is active) and the approval queue.
        """
        CREATE TABLE rule_sets (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            text TEXT NOT NULL,
            etag TEXT NOT NULL,
            saved_at INTEGER NOT NULL,
            saved_by TEXT NOT NULL
        );

        CREATE TABLE held (
            seq INTEGER PRIMARY KEY REFERENCES items (seq),
            rule TEXT NOT NULL,
            explanation TEXT NOT NULL,
            held_at INTEGER NOT NULL,
            state TEXT NOT NULL CHECK (state IN ('held', 'approved', 'rejected')),
            decided_by TEXT,
            decided_at INTEGER,
            reason TEXT
        );
        CREATE INDEX held_by_state ON held (state, seq);

        -- When an item may be purged (its retention period, set by the rule that fired when it was stored).
        ALTER TABLE items ADD COLUMN retain_until INTEGER;
        CREATE INDEX items_by_retention ON items (retain_until) WHERE retain_until IS NOT NULL;
        """,

        // 4: an outbox row whose bytes are the item's stored envelope keeps no copy of its own (envelope NULL): a hub
        // relaying to three peers wrote each envelope four times. SQLite cannot drop NOT NULL, so the table is rebuilt,
        // keeping ids and the id sequence; rows already queued lose their copy where it equals the stored envelope.
        """
        ALTER TABLE outbox RENAME TO outbox_before_v4;
        CREATE TABLE outbox (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            peer TEXT NOT NULL,
            dedup_key TEXT NOT NULL,
            item_id TEXT NOT NULL,
            envelope BLOB,
            hops TEXT NOT NULL,
            enqueued_at INTEGER NOT NULL,
            expires_at INTEGER NOT NULL,
            UNIQUE (peer, dedup_key)
        );
        INSERT INTO outbox (id, peer, dedup_key, item_id, envelope, hops, enqueued_at, expires_at)
            SELECT o.id, o.peer, o.dedup_key, o.item_id,
                   CASE WHEN o.envelope = (SELECT e.envelope FROM items i JOIN item_envelopes e ON e.seq = i.seq WHERE i.item_id = o.item_id)
                        THEN NULL ELSE o.envelope END,
                   o.hops, o.enqueued_at, o.expires_at
            FROM outbox_before_v4 o ORDER BY o.id;
        DELETE FROM sqlite_sequence WHERE name = 'outbox';
        INSERT INTO sqlite_sequence (name, seq) SELECT 'outbox', seq FROM sqlite_sequence WHERE name = 'outbox_before_v4';
        DROP TABLE outbox_before_v4;
        CREATE INDEX outbox_by_peer ON outbox (peer, id);
        """,

        // 5: every acknowledgement counts (docs/PROTOCOL.md §7): at the origin one row per recipient node and person, not
        // only the first per node (the receipts row keeps that first one, as before); at a recipient, acknowledgements by
        // named staff; and the node's secret for member pseudonyms in receipts (Receipts:ShareMemberIdentity = count).
        """
        CREATE TABLE receipt_acknowledgements (
            item_id TEXT NOT NULL,
            recipient_node TEXT NOT NULL,
            -- Who, as the origin tells people apart: "member:<id>", "staff:<name>", "admin", or "pseudonym:<hex>".
            acknowledger TEXT NOT NULL,
            acknowledged_by TEXT NOT NULL,
            name_ja TEXT NOT NULL,
            name_en TEXT NOT NULL,
            at INTEGER NOT NULL,
            note TEXT NOT NULL,
            PRIMARY KEY (item_id, recipient_node, acknowledger)
        ) WITHOUT ROWID;
        INSERT INTO receipt_acknowledgements (item_id, recipient_node, acknowledger, acknowledged_by, name_ja, name_en, at, note)
            SELECT item_id, recipient_node, acknowledged_by, acknowledged_by, '', '', acknowledged_at, ''
            FROM receipts WHERE acknowledged_at IS NOT NULL AND acknowledged_by IS NOT NULL;

        CREATE TABLE staff_acknowledgements (
            item_id TEXT NOT NULL REFERENCES items (item_id),
            staff_name TEXT NOT NULL,
            at INTEGER NOT NULL,
            note TEXT NOT NULL,
            PRIMARY KEY (item_id, staff_name)
        ) WITHOUT ROWID;

        CREATE TABLE node_secrets (
            name TEXT PRIMARY KEY,
            value BLOB NOT NULL
        ) WITHOUT ROWID;
        INSERT INTO node_secrets (name, value) VALUES ('receipt-pseudonym', randomblob(32));
        """,

        // 6: people to notify (a member's contacts and the secretariat's duty roster) and the durable notification outbox,
        // one row per (item, contact), written with the delivery and sent after the commit (docs/NOTIFICATIONS.md §6).
        """
        CREATE TABLE contacts (
            contact_id TEXT PRIMARY KEY,
            member_id TEXT,
            name TEXT NOT NULL,
            channel TEXT NOT NULL CHECK (channel IN ('email', 'webhook')),
            address TEXT NOT NULL,
            language TEXT NOT NULL CHECK (language IN ('ja', 'en')),
            role TEXT NOT NULL,
            kinds TEXT NOT NULL,
            labels TEXT NOT NULL,
            min_severity INTEGER NOT NULL,
            exercises INTEGER NOT NULL CHECK (exercises IN (0, 1)),
            webhook_secret TEXT,
            created_at INTEGER NOT NULL
        );
        CREATE INDEX contacts_by_member ON contacts (member_id);

        CREATE TABLE notify_outbox (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            key TEXT NOT NULL UNIQUE,
            item_id TEXT NOT NULL,
            contact_id TEXT NOT NULL,
            reader TEXT NOT NULL CHECK (reader IN ('member', 'staff')),
            state TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'failed')),
            attempts INTEGER NOT NULL DEFAULT 0,
            created_at INTEGER NOT NULL,
            next_at INTEGER NOT NULL,
            sent_at INTEGER,
            channel TEXT,
            address TEXT,
            last_error TEXT,
            UNIQUE (item_id, contact_id)
        );
        CREATE INDEX notify_outbox_due ON notify_outbox (next_at) WHERE state = 'pending';
        """,

        // 7: the language a member is answered in when its call does not say (accept-language): English unless the
        // secretariat sets Japanese, so members added before keep the answers they had.
        """
        ALTER TABLE members ADD COLUMN language TEXT NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'ja'));
        """,

        // 8: the notification outbox without what each row paid for nothing in the item's commit: AUTOINCREMENT (a write
        // to sqlite_sequence per row) and a unique index on the key (a fresh UUIDv7 per row; (item, contact) stays unique).
        """
        CREATE TABLE notify_outbox_8 (
            id INTEGER PRIMARY KEY,
            key TEXT NOT NULL,
            item_id TEXT NOT NULL,
            contact_id TEXT NOT NULL,
            reader TEXT NOT NULL CHECK (reader IN ('member', 'staff')),
            state TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'failed')),
            attempts INTEGER NOT NULL DEFAULT 0,
            created_at INTEGER NOT NULL,
            next_at INTEGER NOT NULL,
            sent_at INTEGER,
            channel TEXT,
            address TEXT,
            last_error TEXT,
            UNIQUE (item_id, contact_id)
        );
        INSERT INTO notify_outbox_8 SELECT id, key, item_id, contact_id, reader, state, attempts, created_at, next_at, sent_at, channel, address, last_error FROM notify_outbox;
        DROP TABLE notify_outbox;
        ALTER TABLE notify_outbox_8 RENAME TO notify_outbox;
        CREATE INDEX notify_outbox_due ON notify_outbox (next_at) WHERE state = 'pending';
        """,

        // 9: notification plans (docs/NOTIFICATIONS.md §6): the item's commit writes one plan per purpose instead of one
        // outbox row per contact, and the sender expands due plans into rows after the commit; escalation rows (purpose
        // "escalate-member", "escalate-duty") sit beside the first notice, so (item, contact, purpose) is the unique key.
        // Rows written before keep purpose "notify".
        """
        CREATE TABLE notify_outbox_9 (
            id INTEGER PRIMARY KEY,
            key TEXT NOT NULL,
            item_id TEXT NOT NULL,
            contact_id TEXT NOT NULL,
            purpose TEXT NOT NULL CHECK (purpose IN ('notify', 'escalate-member', 'escalate-duty', 'remind')),
            reader TEXT NOT NULL CHECK (reader IN ('member', 'staff')),
            state TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'failed')),
            attempts INTEGER NOT NULL DEFAULT 0,
            created_at INTEGER NOT NULL,
            next_at INTEGER NOT NULL,
            sent_at INTEGER,
            channel TEXT,
            address TEXT,
            last_error TEXT,
            -- An escalation to the duty roster: the members (ids, comma-separated) that had not acknowledged when it was written.
            unacknowledged TEXT,
            UNIQUE (item_id, contact_id, purpose)
        );
        INSERT INTO notify_outbox_9 (id, key, item_id, contact_id, purpose, reader, state, attempts, created_at, next_at, sent_at, channel, address, last_error)
            SELECT id, key, item_id, contact_id, 'notify', reader, state, attempts, created_at, next_at, sent_at, channel, address, last_error FROM notify_outbox;
        DROP TABLE notify_outbox;
        ALTER TABLE notify_outbox_9 RENAME TO notify_outbox;
        CREATE INDEX notify_outbox_due ON notify_outbox (next_at) WHERE state = 'pending';

        CREATE TABLE notify_plans (
            id INTEGER PRIMARY KEY,
            item_id TEXT NOT NULL,
            purpose TEXT NOT NULL CHECK (purpose IN ('notify', 'escalate-member', 'escalate-duty', 'remind')),
            due_at INTEGER NOT NULL,
            -- The delivery it was planned for: all members, these sectors and these members (comma-separated), less the submitter.
            deliver_all INTEGER NOT NULL CHECK (deliver_all IN (0, 1)),
            sectors TEXT NOT NULL,
            members TEXT NOT NULL,
            skip_member TEXT,
            staff INTEGER NOT NULL CHECK (staff IN (0, 1)),
            -- What contacts' preferences are matched against, so expanding reads no envelope.
            kind INTEGER NOT NULL,
            tlp INTEGER NOT NULL,
            severity INTEGER NOT NULL,
            exercise INTEGER NOT NULL CHECK (exercise IN (0, 1)),
            state TEXT NOT NULL CHECK (state IN ('planned', 'expanded')),
            created_at INTEGER NOT NULL,
            expanded_at INTEGER,
            -- How many rows the expansion wrote, or why it wrote none.
            outcome TEXT
        );
        CREATE INDEX notify_plans_due ON notify_plans (due_at) WHERE state = 'planned';
        CREATE INDEX notify_plans_by_item ON notify_plans (item_id);
        """,

        // 10: drills (docs/DRILLS.md §4): how many members a drill reached at each recipient, from its DELIVERED receipt.
        """
        ALTER TABLE receipts ADD COLUMN members_reached INTEGER;
        -- A drill this node started and closed: acknowledgements after closed_at are late.
        CREATE TABLE drill_closures (
            item_id TEXT PRIMARY KEY,
            closed_at INTEGER NOT NULL,
            closed_by TEXT NOT NULL
        ) WITHOUT ROWID;
        -- Exercises (docs/DRILLS.md §7): the injects this node sent for a scenario, and the result it sent its controller.
        CREATE TABLE exercise_runs (
            scenario_id TEXT NOT NULL,
            inject_id TEXT NOT NULL,
            item_id TEXT NOT NULL,
            sent_at INTEGER NOT NULL,
            PRIMARY KEY (scenario_id, inject_id)
        ) WITHOUT ROWID;
        CREATE TABLE exercise_results (
            scenario_id TEXT PRIMARY KEY,
            item_id TEXT NOT NULL,
            sent_at INTEGER NOT NULL
        ) WITHOUT ROWID;
        """,

        // 11: the federation's mode (docs/MODES.md §4): every verified NISC-signed mode change this node acted on. The mode
        // held is the newest change's (by its signed time), so an older change arriving late switches nothing; a large-scale
        // change starts a period (its id) that the next change ends.
        """
        CREATE TABLE mode_changes (
            item_id TEXT PRIMARY KEY,
            created_at INTEGER NOT NULL,
            mode INTEGER NOT NULL,
            scope TEXT NOT NULL,
            report_every_minutes INTEGER NOT NULL,
            reason TEXT NOT NULL,
            ends_period TEXT NOT NULL,
            origin_node TEXT NOT NULL,
            recorded_at INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX mode_changes_by_time ON mode_changes (created_at, item_id);
        """,

        // 12: urgent items overtake (docs/MODES.md §6): an outbox row or a notification of an urgent item (a mode change,
        // high or extreme severity) is sent before any backlog. The partial indexes hold only urgent rows, so writing an
        // ordinary row costs what it did, and finding the urgent rows stays one short index read however long the backlog.
        """
        ALTER TABLE outbox ADD COLUMN priority INTEGER NOT NULL DEFAULT 0 CHECK (priority IN (0, 1));
        CREATE INDEX outbox_urgent ON outbox (peer, id) WHERE priority = 1;
        ALTER TABLE notify_plans ADD COLUMN priority INTEGER NOT NULL DEFAULT 0 CHECK (priority IN (0, 1));
        CREATE INDEX notify_plans_urgent_due ON notify_plans (due_at) WHERE state = 'planned' AND priority = 1;
        ALTER TABLE notify_outbox ADD COLUMN priority INTEGER NOT NULL DEFAULT 0 CHECK (priority IN (0, 1));
        CREATE INDEX notify_outbox_urgent_due ON notify_outbox (next_at) WHERE state = 'pending' AND priority = 1;
        """,

        // 13: withdraw and correct (docs/LIFECYCLE.md §1): the tombstone of an item its origin revoked, or the mark of one a
        // correction superseded, kept by item id and origin whether or not the item is here yet (a correction may arrive first). It applies
        // only to an item of the same origin: a row another node writes for an item not its own never hides or pre-empts anything.
        """
        CREATE TABLE item_withdrawals (
            item_id TEXT NOT NULL,
            origin_node TEXT NOT NULL,
            state TEXT NOT NULL CHECK (state IN ('revoked', 'superseded')),
            by_item_id TEXT NOT NULL,
            reason TEXT NOT NULL,
            at INTEGER NOT NULL,
            PRIMARY KEY (item_id, origin_node)
        ) WITHOUT ROWID;
        """,

        // 14: the federation's revocation list (docs/LIFECYCLE.md §3): the newest root-signed list this node verified, as
        // the bytes it arrived in (so it is passed on unchanged); one row, replaced only by a higher version.
        """
        CREATE TABLE revocation_list (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            version INTEGER NOT NULL,
            issued_at INTEGER NOT NULL,
            envelope BLOB NOT NULL,
            received_at INTEGER NOT NULL
        );
        """,

        // 15: tamper evidence and restore (docs/LIFECYCLE.md §4, §5). audit_checkpoints: at a hub, the signed heads of other
        // nodes' audit chains, as they sent them. restore_catch_up: written only into a backup copy, so a node started on
        // the restored copy asks its peers to resend what they stored since `since`; deleted once every peer has answered.
        """
        CREATE TABLE audit_checkpoints (
            node_id TEXT NOT NULL,
            seq INTEGER NOT NULL,
            hash TEXT NOT NULL,
            signed_at INTEGER NOT NULL,
            received_at INTEGER NOT NULL,
            envelope BLOB NOT NULL,
            PRIMARY KEY (node_id, seq)
        ) WITHOUT ROWID;
        CREATE TABLE restore_catch_up (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            since INTEGER NOT NULL,
            backup_taken_at INTEGER NOT NULL
        );
        """,

        // 16: people who sign in to the web console (docs/CONSOLE.md §2). login is limited to ASCII (People/PersonRules), so
        // NOCASE makes it unique whatever the case it is typed in. totp_last_step refuses a code used once already (replay);
        // session_stamp changes on a reset, a disable or a password change, ending every session issued before.
        """
        CREATE TABLE people (
            person_id TEXT PRIMARY KEY,
            login TEXT NOT NULL UNIQUE COLLATE NOCASE,
            display_name TEXT NOT NULL,
            member_id TEXT,
            kind TEXT NOT NULL CHECK (kind IN ('member', 'staff', 'council')),
            language TEXT CHECK (language IN ('ja', 'en')),
            password_hash TEXT NOT NULL,
            totp_secret TEXT NOT NULL,
            totp_last_step INTEGER NOT NULL DEFAULT 0,
            session_stamp TEXT NOT NULL,
            failed_count INTEGER NOT NULL DEFAULT 0,
            locked_until INTEGER,
            disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
            contact_id TEXT,
            created_at INTEGER NOT NULL,
            last_sign_in_at INTEGER,
            CHECK ((kind = 'member') = (member_id IS NOT NULL))
        ) WITHOUT ROWID;
        CREATE INDEX people_by_member ON people (member_id) WHERE member_id IS NOT NULL;
        """,
    ];

    /// <summary>Applies the pending steps in one transaction; returns the resulting version and how many steps ran.</summary>
    public static (int Version, int Applied) Apply(SqliteConnection connection)
    {
        // IMMEDIATE takes the write lock first, so two processes opening the same file cannot both migrate.
        using var transaction = connection.BeginTransaction(deferred: false);
        var current = ReadVersion(connection, transaction);
        if (current > Steps.Count)
        {
            throw new DatabaseTooNewException(
                $"The database schema is version {current} but this node knows only up to {Steps.Count}: it was written by a newer node. " +
                "Run the newer node version, or restore a backup made by this version.");
        }

        for (var version = current; version < Steps.Count; version++)
        {
            SqlHelpers.Execute(connection, transaction, Steps[version]);
        }

        // user_version lives in the file header and is written by this transaction, so steps and version commit together.
        SqlHelpers.Execute(connection, transaction, $"PRAGMA user_version = {Steps.Count}");
        transaction.Commit();
        return (Steps.Count, Steps.Count - current);
    }

    public static int ReadVersion(SqliteConnection connection, SqliteTransaction? transaction)
    {
        using var command = SqlHelpers.Command(connection, transaction, "PRAGMA user_version");
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}

/// <summary>The database was written by a newer node version than this one (its schema version is higher than this node knows).</summary>
internal sealed class DatabaseTooNewException(string message) : InvalidOperationException(message);
