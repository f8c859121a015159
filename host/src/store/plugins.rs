//! The plugin registry's rows: plugins owned by an account with every uploaded version (the
//! component bytes included, so every host of a PostgreSQL cluster can load them), and each
//! account's on/off switch for the shipped plugins.

use std::collections::HashMap;

use super::{Store, StoreError, StoreResult};
use crate::args;
use crate::domain::plugin::PluginKind;
use crate::domain::{Millis, Vocabulary};

/// A plugin of an account, with its versions (newest semver first).
#[derive(Debug, Clone, PartialEq)]
pub struct AccountPlugin {
    pub id: i64,
    pub name: String,
    pub kind: PluginKind,
    pub enabled: bool,
    pub created_at: Millis,
    pub versions: Vec<PluginVersion>,
}

impl AccountPlugin {
    /// The version calls use: the highest semantic version.
    pub fn active(&self) -> Option<&PluginVersion> {
        self.versions.first()
    }
}

crate::row! {
    /// One uploaded version (without its component bytes).
    #[derive(Debug, Clone, PartialEq)]
    pub struct PluginVersion {
        pub plugin_id: i64,
        pub id: i64,
        pub version: String,
        pub sha256: String,
        pub size_bytes: i64,
        /// The manifest as uploaded (JSON text).
        pub manifest: String,
        pub uploaded_by: Option<i64>,
        pub created_at: Millis,
    }
}

/// What an upload stores: the plugin's name, version and kind as its manifest (already
/// checked) declares them, and the manifest itself as JSON.
pub struct NewPluginVersion<'a> {
    pub account_id: i64,
    pub uploaded_by: i64,
    pub name: &'a str,
    pub version: &'a str,
    pub kind: PluginKind,
    pub manifest_json: String,
    pub sha256: &'a str,
    pub component: Vec<u8>,
}

crate::row! {
    struct PluginRow {
        id: i64,
        name: String,
        kind: String,
        enabled: bool,
        created_at: i64,
    }
}

/// The version columns from a join where `plugin_versions` is `v`.
fn version_columns() -> String {
    PluginVersion::columns_of("v")
}

fn newest_first(versions: &mut [PluginVersion]) {
    let parse = |v: &PluginVersion| semver::Version::parse(&v.version).ok();
    versions.sort_by(|a, b| parse(b).cmp(&parse(a)).then(b.id.cmp(&a.id)));
}

impl Store {
    /// Store a new version of an account's plugin, creating the plugin on its first upload.
    /// The same version twice is a conflict; a new version may not change the plugin's kind.
    pub async fn add_plugin_version(&self, new: NewPluginVersion<'_>) -> StoreResult<AccountPlugin> {
        let now = self.now();
        let mut tx = self.begin().await?;
        let existing: Option<(i64, String)> = tx
            .fetch_optional(
                "SELECT id, kind FROM plugins WHERE account_id = $1 AND name = $2",
                args![new.account_id, new.name],
            )
            .await?;
        let plugin_id = match existing {
            Some((_, kind)) if kind != new.kind.as_str() => {
                return Err(StoreError::Rejected(format!(
                    "o plugin '{}' é do tipo {kind}; uma nova versão não pode ser {}",
                    new.name, new.kind
                )));
            }
            Some((id, _)) => {
                tx.execute("UPDATE plugins SET updated_at = $1 WHERE id = $2", args![now, id]).await?;
                id
            }
            None => {
                let (id,): (i64,) = tx
                    .fetch_one(
                        "INSERT INTO plugins (account_id, name, kind, enabled, created_at, updated_at) \
                         VALUES ($1, $2, $3, TRUE, $4, $4) RETURNING id",
                        args![new.account_id, new.name, new.kind.as_str(), now],
                    )
                    .await?;
                id
            }
        };
        let size = new.component.len() as i64;
        let inserted = tx
            .execute(
                "INSERT INTO plugin_versions (plugin_id, version, sha256, size_bytes, manifest, component, uploaded_by, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                args![plugin_id, new.version, new.sha256, size, new.manifest_json, new.component, new.uploaded_by, now],
            )
            .await;
        match inserted {
            Err(StoreError::Conflict(_)) => {
                return Err(StoreError::Conflict(format!(
                    "a versão {} do plugin '{}' já foi enviada; envie uma versão nova",
                    new.version, new.name
                )));
            }
            other => other?,
        };
        self.commit(tx).await?;
        self.account_plugin(new.account_id, plugin_id).await
    }

    /// The plugins of an account, by name.
    pub async fn account_plugins(&self, account_id: i64) -> StoreResult<Vec<AccountPlugin>> {
        let mut read = self.read().await?;
        let rows: Vec<PluginRow> = read
            .fetch_all(
                "SELECT id, name, kind, enabled, created_at FROM plugins WHERE account_id = $1 ORDER BY name",
                args![account_id],
            )
            .await?;
        let versions: Vec<PluginVersion> = read
            .fetch_all(
                &format!(
                    "SELECT {} FROM plugin_versions v JOIN plugins p ON p.id = v.plugin_id \
                     WHERE p.account_id = $1",
                    version_columns()
                ),
                args![account_id],
            )
            .await?;
        let mut by_plugin: HashMap<i64, Vec<PluginVersion>> = HashMap::new();
        for row in versions {
            by_plugin.entry(row.plugin_id).or_default().push(row);
        }
        rows.into_iter()
            .map(|row| {
                let versions = by_plugin.remove(&row.id).unwrap_or_default();
                assemble(row, versions)
            })
            .collect()
    }

    /// One plugin of the account.
    pub async fn account_plugin(&self, account_id: i64, plugin_id: i64) -> StoreResult<AccountPlugin> {
        let mut read = self.read().await?;
        let row: PluginRow = read
            .fetch_one(
                "SELECT id, name, kind, enabled, created_at FROM plugins WHERE account_id = $1 AND id = $2",
                args![account_id, plugin_id],
            )
            .await?;
        let versions: Vec<PluginVersion> = read
            .fetch_all(
                &format!("SELECT {} FROM plugin_versions v WHERE v.plugin_id = $1", version_columns()),
                args![plugin_id],
            )
            .await?;
        assemble(row, versions)
    }

    /// The account's plugin called `name`, if it has one.
    pub async fn account_plugin_named(&self, account_id: i64, name: &str) -> StoreResult<Option<AccountPlugin>> {
        let row: Option<(i64,)> = self
            .read()
            .await?
            .fetch_optional("SELECT id FROM plugins WHERE account_id = $1 AND name = $2", args![account_id, name])
            .await?;
        match row {
            Some((id,)) => Ok(Some(self.account_plugin(account_id, id).await?)),
            None => Ok(None),
        }
    }

    /// The component bytes of a version of the account's plugin.
    pub async fn plugin_component(&self, account_id: i64, version_id: i64) -> StoreResult<Vec<u8>> {
        let (bytes,): (Vec<u8>,) = self
            .read()
            .await?
            .fetch_one(
                "SELECT v.component FROM plugin_versions v JOIN plugins p ON p.id = v.plugin_id \
                 WHERE p.account_id = $1 AND v.id = $2",
                args![account_id, version_id],
            )
            .await?;
        Ok(bytes)
    }

    /// Switch an account's plugin on or off.
    pub async fn set_plugin_enabled(
        &self,
        account_id: i64,
        plugin_id: i64,
        enabled: bool,
    ) -> StoreResult<AccountPlugin> {
        let mut tx = self.begin().await?;
        let changed = tx
            .execute(
                "UPDATE plugins SET enabled = $1, updated_at = $2 WHERE account_id = $3 AND id = $4",
                args![enabled, self.now(), account_id, plugin_id],
            )
            .await?;
        if changed == 0 {
            return Err(StoreError::NotFound);
        }
        self.commit(tx).await?;
        self.account_plugin(account_id, plugin_id).await
    }

    /// Delete an account's plugin with every version.
    pub async fn delete_plugin(&self, account_id: i64, plugin_id: i64) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        let (id,): (i64,) = tx
            .fetch_one("SELECT id FROM plugins WHERE account_id = $1 AND id = $2", args![account_id, plugin_id])
            .await?;
        tx.execute("DELETE FROM plugin_versions WHERE plugin_id = $1", args![id]).await?;
        tx.execute("DELETE FROM plugins WHERE id = $1", args![id]).await?;
        self.commit(tx).await
    }

    /// Delete one version; the last one cannot go (delete the plugin instead).
    pub async fn delete_plugin_version(&self, account_id: i64, plugin_id: i64, version: &str) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        let (id,): (i64,) = tx
            .fetch_one("SELECT id FROM plugins WHERE account_id = $1 AND id = $2", args![account_id, plugin_id])
            .await?;
        let (count,): (i64,) =
            tx.fetch_one("SELECT COUNT(*) FROM plugin_versions WHERE plugin_id = $1", args![id]).await?;
        let removed =
            tx.execute("DELETE FROM plugin_versions WHERE plugin_id = $1 AND version = $2", args![id, version]).await?;
        if removed == 0 {
            return Err(StoreError::NotFound);
        }
        if count == 1 {
            return Err(StoreError::Rejected(
                "esta é a única versão do plugin; exclua o plugin inteiro em vez disso".into(),
            ));
        }
        self.commit(tx).await
    }

    /// Which shipped plugins the account switched off or on (absent = on).
    pub async fn shipped_plugin_switches(&self, account_id: i64) -> StoreResult<HashMap<String, bool>> {
        let rows: Vec<(String, bool)> = self
            .read()
            .await?
            .fetch_all("SELECT name, enabled FROM shipped_plugin_switches WHERE account_id = $1", args![account_id])
            .await?;
        Ok(rows.into_iter().collect())
    }

    /// Whether a shipped plugin is on for the account.
    pub async fn shipped_plugin_enabled(&self, account_id: i64, name: &str) -> StoreResult<bool> {
        let row: Option<(bool,)> = self
            .read()
            .await?
            .fetch_optional(
                "SELECT enabled FROM shipped_plugin_switches WHERE account_id = $1 AND name = $2",
                args![account_id, name],
            )
            .await?;
        Ok(row.is_none_or(|(enabled,)| enabled))
    }

    /// Switch a shipped plugin on or off for the account.
    pub async fn set_shipped_plugin_enabled(&self, account_id: i64, name: &str, enabled: bool) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        tx.execute(
            "INSERT INTO shipped_plugin_switches (account_id, name, enabled) VALUES ($1, $2, $3) \
             ON CONFLICT (account_id, name) DO UPDATE SET enabled = excluded.enabled",
            args![account_id, name, enabled],
        )
        .await?;
        self.commit(tx).await
    }
}

fn assemble(row: PluginRow, mut versions: Vec<PluginVersion>) -> StoreResult<AccountPlugin> {
    newest_first(&mut versions);
    Ok(AccountPlugin {
        id: row.id,
        kind: super::accounts::vocab(&row.kind)?,
        name: row.name,
        enabled: row.enabled,
        created_at: row.created_at,
        versions,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn version(id: i64, version: &str) -> PluginVersion {
        PluginVersion {
            plugin_id: 1,
            id,
            version: version.into(),
            sha256: String::new(),
            size_bytes: 0,
            manifest: String::new(),
            uploaded_by: None,
            created_at: 0,
        }
    }

    #[test]
    fn the_active_version_is_the_highest_semver_not_the_newest_upload() {
        let mut versions = vec![version(1, "1.10.0"), version(2, "1.9.3"), version(3, "1.10.0-beta.1")];
        newest_first(&mut versions);
        let order: Vec<&str> = versions.iter().map(|v| v.version.as_str()).collect();
        assert_eq!(order, ["1.10.0", "1.10.0-beta.1", "1.9.3"]);
    }
}
