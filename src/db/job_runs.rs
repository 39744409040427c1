//! Runs of timed jobs, claimed in the database so that several instances run each once.

use super::{now, Db};

/// Claims one run of a job (`run_key` names the run, e.g. company and day): true for the one
/// caller that inserted it.
pub async fn claim(db: &Db, job: &str, run_key: &str) -> anyhow::Result<bool> {
    let done = sqlx::query(
        "INSERT INTO job_runs (job, run_key, created_at) VALUES ($1, $2, $3) ON CONFLICT (job, run_key) DO NOTHING",
    )
    .bind(job)
    .bind(run_key)
    .bind(now())
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Forgets runs claimed before `before` (Unix seconds); returns how many.
pub async fn prune(db: &Db, before: i64) -> anyhow::Result<u64> {
    let done = sqlx::query("DELETE FROM job_runs WHERE created_at < $1").bind(before).execute(&db.pool).await?;
    Ok(done.rows_affected())
}
