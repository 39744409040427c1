//! Where each chat is in a conversation, kept in the database (table `dialogues`) so a
//! conversation survives a restart and is shared by several server instances.

use std::sync::Arc;

use futures::future::BoxFuture;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use teloxide::dispatching::dialogue::{Dialogue, Storage};
use teloxide::types::ChatId;

use crate::db::{now, Db};
use crate::domain::catalog::ProductInput;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum State {
    #[default]
    Idle,
    OnboardName,
    OnboardTin {
        name: String,
    },
    OnboardBranch {
        name: String,
        tin: String,
    },
    BranchName,
    ProductCode,
    Product {
        draft: ProductInput,
        editing: bool,
        step: ProductStep,
    },
}

/// The product dialogue asks these in order, then shows a summary to confirm.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ProductStep {
    Name,
    Unit,
    SalePrice,
    PurchasePrice,
    Barcode,
    MinQty,
    Confirm,
}

impl ProductStep {
    pub fn next(self) -> ProductStep {
        use ProductStep::*;
        match self {
            Name => Unit,
            Unit => SalePrice,
            SalePrice => PurchasePrice,
            PurchasePrice => Barcode,
            Barcode => MinQty,
            MinQty | Confirm => Confirm,
        }
    }
}

pub type BotDialogue = Dialogue<State, DbStorage>;

/// teloxide's dialogue storage over Savdo's own pool (SQLite or PostgreSQL).
pub struct DbStorage {
    db: Db,
}

impl DbStorage {
    pub fn new(db: Db) -> Arc<DbStorage> {
        Arc::new(DbStorage { db })
    }
}

#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    #[error("dialogue storage: {0}")]
    Db(#[from] sqlx::Error),
    #[error("dialogue state does not decode: {0}")]
    Decode(#[from] serde_json::Error),
}

impl<D> Storage<D> for DbStorage
where
    D: Serialize + DeserializeOwned + Send + 'static,
{
    type Error = StorageError;

    fn remove_dialogue(self: Arc<Self>, chat_id: ChatId) -> BoxFuture<'static, Result<(), Self::Error>> {
        Box::pin(async move {
            sqlx::query("DELETE FROM dialogues WHERE chat_id = $1").bind(chat_id.0).execute(&self.db.pool).await?;
            Ok(())
        })
    }

    fn update_dialogue(self: Arc<Self>, chat_id: ChatId, dialogue: D) -> BoxFuture<'static, Result<(), Self::Error>> {
        Box::pin(async move {
            let json = serde_json::to_string(&dialogue)?;
            sqlx::query(
                "INSERT INTO dialogues (chat_id, state, updated_at) VALUES ($1, $2, $3)
                 ON CONFLICT (chat_id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at",
            )
            .bind(chat_id.0)
            .bind(json)
            .bind(now())
            .execute(&self.db.pool)
            .await?;
            Ok(())
        })
    }

    fn get_dialogue(self: Arc<Self>, chat_id: ChatId) -> BoxFuture<'static, Result<Option<D>, Self::Error>> {
        Box::pin(async move {
            let json: Option<String> = sqlx::query_scalar("SELECT state FROM dialogues WHERE chat_id = $1")
                .bind(chat_id.0)
                .fetch_optional(&self.db.pool)
                .await?;
            // A state written by an older version that no longer decodes starts afresh.
            Ok(json.and_then(|j| serde_json::from_str(&j).ok()))
        })
    }
}
