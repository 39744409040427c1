use clap::{Parser, Subcommand};
use savdo::config::Config;
use savdo::telegram_stub::TgUser;
use tracing_subscriber::EnvFilter;

/// Savdo: run your shop from Telegram.
#[derive(Parser)]
#[command(name = "savdo", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Start the Telegram bot and the HTTP server (the default).
    Serve,
    /// Talk to the bot in this terminal, as a Telegram user, with no token and no network.
    Console {
        /// Your pretend Telegram user id.
        #[arg(long, default_value_t = 1001)]
        user_id: i64,
        /// Your pretend Telegram name.
        #[arg(long, default_value = "Aziz")]
        name: String,
        /// Your Telegram app's language (uz, ru, en, or another code).
        #[arg(long, default_value = "uz")]
        lang: String,
    },
    /// Ask the assistant one question as a member of a company, and print the answer.
    Ask {
        /// The company (its first administrator asks, unless --user says who).
        #[arg(long)]
        company: i64,
        /// The asking member's Telegram id.
        #[arg(long)]
        user: Option<i64>,
        /// The asker's Telegram app language (uz, ru, en): the answer's language for someone
        /// who has not chosen one in the bot.
        #[arg(long, default_value = "uz")]
        lang: String,
        /// Print what was understood and the answer's messages as JSON.
        #[arg(long)]
        json: bool,
        /// The question, in plain words.
        question: String,
    },
    /// Read photographed invoices or receipts (JPEG, PNG, TIFF, WebP, PDF) on this machine and
    /// print each as JSON (several files: a JSON array in the same order). No database needed.
    Ocr {
        /// Print the recognised text instead of the draft.
        #[arg(long)]
        text: bool,
        #[arg(required = true)]
        files: Vec<std::path::PathBuf>,
    },
    /// Create or update the database schema, then exit.
    Migrate,
    /// Write a consistent snapshot of the database to FILE (safe while the server runs).
    Backup { file: std::path::PathBuf },
    /// Restore a snapshot made by `backup` into the (empty) database of DATABASE_URL.
    Restore { file: std::path::PathBuf },
    /// Fill the database with a demo company (20 branches, 5,000 products, two years of sales).
    DemoData {
        /// How many sales to make.
        #[arg(long, default_value_t = 100_000)]
        sales: usize,
        /// Seed for the random generator (the same seed gives the same data).
        #[arg(long, default_value_t = 7)]
        seed: u64,
    },
    /// Measure the `/sales` answers through the handler tree and the Bot API stub
    /// (`savdo bench updates`: updates per second through the webhook).
    #[command(args_conflicts_with_subcommands = true)]
    Bench {
        #[command(subcommand)]
        what: Option<BenchWhat>,
        /// How many timed runs per case.
        #[arg(long, default_value_t = 300)]
        runs: usize,
        /// Also write the figures as JSON here.
        #[arg(long)]
        json: Option<std::path::PathBuf>,
    },
    /// A development stand-in for the Telegram Bot API (no network, no account): serves the
    /// methods Savdo calls on ADDR, for `TELEGRAM_API_URL=http://ADDR/`. Not Telegram.
    DevTelegram {
        #[arg(long, default_value = "127.0.0.1:8081")]
        addr: std::net::SocketAddr,
    },
    /// A development stand-in for an OpenAI-compatible model server (no network, no account,
    /// not a language model): for `AI_BASE_URL=http://ADDR/v1 AI_MODEL=dev`. It answers with
    /// Savdo's own offline parser and the tools.
    DevModel {
        #[arg(long, default_value = "127.0.0.1:8082")]
        addr: std::net::SocketAddr,
    },
    /// Forecast one series from a CSV file and print JSON (method, params, forecast, lower,
    /// upper, holdout), or with --company recompute every product's reorder point.
    Forecast {
        /// The series: one value per row, a header allowed.
        #[arg(long, required_unless_present = "company")]
        csv: Option<std::path::PathBuf>,
        /// The column to read (the last one by default).
        #[arg(long)]
        column: Option<String>,
        /// Season length (7 for days in a week, 12 for months in a year, 1 for none).
        #[arg(long, default_value_t = 7)]
        period: usize,
        /// How many values to forecast.
        #[arg(long, default_value_t = 28)]
        horizon: usize,
        /// auto, ma, ses, holt, holt-damped, hw-add, hw-mul, hw-add-damped, hw-mul-damped,
        /// croston, seasonal-naive.
        #[arg(long, default_value = "auto", value_parser = parse_method)]
        method: MethodChoice,
        /// Also fit on all but the last K values and report the error on those K.
        #[arg(long)]
        holdout: Option<usize>,
        /// Recompute the reorder points of this company's products instead.
        #[arg(long, conflicts_with = "csv")]
        company: Option<i64>,
    },
    /// Tax reports: `savdo tax send --company ID --period YYYY-MM [--only sales,vat,payroll,declaration]`
    /// sends the month's reports to TAX_CABINET_URL and prints a JSON summary (exit code 0 only
    /// when every report was accepted).
    Tax {
        #[command(subcommand)]
        what: TaxWhat,
    },
    /// REGOS (cloud POS) sales sync: `savdo regos connect --company ID --url URL --integration ID
    /// --client-id ID` (the client secret from standard input; prints the webhook URL's secret),
    /// `savdo regos sync --company ID [--days 7]` (prints the sync's report as JSON).
    Regos {
        #[command(subcommand)]
        what: RegosWhat,
    },
    /// API users of the catalogue API (JSON Web Tokens): `savdo api-user add --company ID
    /// --username NAME --role ROLE [--branch ID]` (the password from standard input),
    /// `savdo api-user list --company ID`, `savdo api-user revoke --company ID --username NAME`.
    ApiUser {
        #[command(subcommand)]
        what: ApiUserWhat,
    },
    /// Product descriptions written by the assistant's model (AI_BASE_URL …; `savdo dev-model`
    /// stands in): only products without one, never over a person's. `--dry-run` saves nothing.
    Describe {
        #[arg(long)]
        company: i64,
        #[arg(long, default_value_t = 20)]
        limit: i64,
        #[arg(long)]
        dry_run: bool,
        /// uz, ru or en.
        #[arg(long, default_value = "uz")]
        lang: String,
    },
    /// A company with a large catalogue for the catalogue API's benchmark and property checks:
    /// N products with 1C codes, groups and prices, and an admin API user (nothing is done when
    /// the user exists already).
    DemoCatalogue {
        #[arg(long, default_value_t = 100_000)]
        products: usize,
        #[arg(long, default_value = "bench")]
        username: String,
        #[arg(long, default_value = "benchpassword1")]
        password: String,
    },
    /// A DEVELOPMENT STAND-IN for the REGOS gateway (not REGOS): seeded receipts of the last week,
    /// pages, 429s; `POST /dev/cheques` rings up a receipt and sends the webhook to --webhook.
    DevRegos {
        #[arg(long, default_value = "127.0.0.1:8084")]
        addr: std::net::SocketAddr,
        #[arg(long, default_value_t = 7)]
        seed: u64,
        #[arg(long, default_value_t = 300)]
        receipts: usize,
        /// Every Nth call answers 429 with Retry-After (0: never).
        #[arg(long, default_value_t = 5)]
        rate_limit_every: usize,
        #[arg(long, default_value = "dev_integration")]
        integration: String,
        /// Where to send webhooks (Savdo's /webhooks/regos/COMPANY_ID).
        #[arg(long)]
        webhook: Option<String>,
        #[arg(long)]
        webhook_secret: Option<String>,
    },
    /// A DEVELOPMENT STAND-IN for a 1C base's HTTP service (not 1C): serves CommerceML
    /// import.xml, offers.xml and clients.xml (samples, or the files of --dir) for the pull sync.
    DevOnec {
        #[arg(long, default_value = "127.0.0.1:8086")]
        addr: std::net::SocketAddr,
        #[arg(long)]
        dir: Option<std::path::PathBuf>,
    },
    /// A DEVELOPMENT STAND-IN for a SIM operator's status API (not an operator): for
    /// `SIM_OPERATOR_URL=http://ADDR`.
    DevSimOperator {
        #[arg(long, default_value = "127.0.0.1:8085")]
        addr: std::net::SocketAddr,
        /// Answer every status this late (to try timeouts).
        #[arg(long, default_value_t = 0)]
        delay_ms: u64,
    },
    /// A DEVELOPMENT STAND-IN for a tax cabinet (no real filing): for `TAX_CABINET_URL=http://ADDR`.
    /// It checks reports as an authority would, accepts or rejects them, and keeps what it got.
    DevTaxCabinet {
        #[arg(long, default_value = "127.0.0.1:8083")]
        addr: std::net::SocketAddr,
    },
    /// Import data from a file (all rows checked first; a bad row refuses the whole file).
    Import {
        #[command(subcommand)]
        what: ImportWhat,
    },
    /// Export a report to a file, streamed page by page (a year of sale lines fits in little
    /// memory): sales, sales-by-day|branch|cashier|product|customer, purchases,
    /// purchases-by-supplier|product, inventory, debts, customer-statement, supplier-statement.
    Export {
        #[arg(value_enum)]
        kind: savdo::domain::exports::Kind,
        #[arg(long)]
        company: i64,
        /// First day (YYYY-MM-DD); the first of the month by default.
        #[arg(long)]
        from: Option<chrono::NaiveDate>,
        /// Last day; today by default.
        #[arg(long)]
        to: Option<chrono::NaiveDate>,
        #[arg(long)]
        branch: Option<i64>,
        #[arg(long)]
        customer: Option<i64>,
        #[arg(long)]
        supplier: Option<i64>,
        #[arg(long, value_enum, default_value = "xlsx")]
        format: savdo::reports::exports::FileFormat,
        #[arg(long)]
        out: std::path::PathBuf,
        #[arg(long, default_value = "uz")]
        lang: String,
    },
}

/// `auto` or one method.
#[derive(Clone, Copy, Debug)]
struct MethodChoice(Option<savdo::domain::forecast::Method>);

fn parse_method(s: &str) -> Result<MethodChoice, String> {
    use clap::ValueEnum;
    if s == "auto" {
        return Ok(MethodChoice(None));
    }
    savdo::domain::forecast::Method::from_str(s, true).map(|m| MethodChoice(Some(m)))
}

#[derive(Subcommand)]
enum BenchWhat {
    /// Reading photographed invoices: per-field accuracy over the fixtures (clean scans and
    /// phone photos, page segmentation modes 3, 4 and 6), time per image against the
    /// `tesseract` command line, and a batch of photos one at a time and side by side.
    Ocr {
        #[arg(long, default_value = "tests/fixtures/scans")]
        fixtures: std::path::PathBuf,
        /// Timed runs per image.
        #[arg(long, default_value_t = 5)]
        runs: usize,
        /// Photos in the batch.
        #[arg(long, default_value_t = 10)]
        photos: usize,
        /// Also write the figures as JSON here.
        #[arg(long)]
        json: Option<std::path::PathBuf>,
    },
    /// The assistant's answers to plain questions on DATABASE_URL filled by `savdo demo-data`:
    /// offline, one question of each kind, and model-backed against the development stand-in.
    Assistant {
        #[arg(long, default_value_t = 300)]
        runs: usize,
        /// Also write the figures as JSON here.
        #[arg(long)]
        json: Option<std::path::PathBuf>,
    },
    /// Automatic method choice and a 28-day forecast for many synthetic daily series on all
    /// cores, and their accuracy on a 28-day holdout (see bench/forecast.sh).
    Forecast {
        #[arg(long, default_value_t = 10_000)]
        series: usize,
        /// Days per series.
        #[arg(long, default_value_t = 1_095)]
        points: usize,
        /// How many series (the first) also get the holdout accuracy.
        #[arg(long, default_value_t = 200)]
        sample: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Write the sampled series here as CSV (one series per row) and exit.
        #[arg(long)]
        sample_out: Option<std::path::PathBuf>,
        /// Also write the figures as JSON here.
        #[arg(long)]
        json: Option<std::path::PathBuf>,
    },
    /// Updates per second and their latency through `savdo serve` in webhook mode (started
    /// here, on DATABASE_URL filled by `savdo demo-data`), replies to the Bot API stub included.
    Updates {
        /// How many `savdo serve` instances share the database.
        #[arg(long, default_value_t = 1)]
        instances: usize,
        /// How many people, each in their own chat, one update at a time.
        #[arg(long, default_value_t = 64)]
        people: usize,
        /// How long to run.
        #[arg(long, default_value_t = 10)]
        seconds: u64,
        #[arg(long, value_enum, default_value_t = savdo::bench::updates::Kind::Text)]
        kind: savdo::bench::updates::Kind,
        /// Also write the figures as JSON here.
        #[arg(long)]
        json: Option<std::path::PathBuf>,
    },
}

#[derive(Subcommand)]
enum ApiUserWhat {
    /// Add an API user (the password, at least 10 characters, from standard input).
    Add {
        #[arg(long)]
        company: i64,
        #[arg(long)]
        username: String,
        /// admin, manager, cashier, warehouse, agent, employee or accountant.
        #[arg(long)]
        role: String,
        /// The branch, for roles that work in one.
        #[arg(long)]
        branch: Option<i64>,
    },
    /// The company's API users.
    List {
        #[arg(long)]
        company: i64,
    },
    /// Revoke an API user: every token of theirs stops working at once.
    Revoke {
        #[arg(long)]
        company: i64,
        #[arg(long)]
        username: String,
    },
}

#[derive(Subcommand)]
enum RegosWhat {
    /// Connect a company to its REGOS integration.
    Connect {
        #[arg(long)]
        company: i64,
        /// The gateway's base URL (`https://integration.regos.uz`, or a dev-regos address).
        #[arg(long)]
        url: String,
        #[arg(long)]
        integration: String,
        #[arg(long)]
        client_id: String,
        /// The OAuth token URL (URL/oauth/token when not given).
        #[arg(long)]
        token_url: Option<String>,
        /// The webhook secret to use (a random one when not given).
        #[arg(long)]
        webhook_secret: Option<String>,
    },
    /// Bring in the receipts of the last days now.
    Sync {
        #[arg(long)]
        company: i64,
        #[arg(long, default_value_t = 7)]
        days: i64,
    },
}

#[derive(Subcommand)]
enum TaxWhat {
    /// Build and send the month's reports.
    Send {
        /// The company's id.
        #[arg(long)]
        company: i64,
        /// The month, YYYY-MM (the previous month when not given).
        #[arg(long)]
        period: Option<String>,
        /// Only these reports, comma separated: sales, vat, payroll, declaration.
        #[arg(long, value_delimiter = ',')]
        only: Vec<String>,
    },
}

#[derive(Subcommand)]
enum ImportWhat {
    /// Sales from a CSV or XLSX file: columns date, branch, receipt, product_code, qty,
    /// payment, and optionally price, discount, type.
    Sales {
        file: std::path::PathBuf,
        /// The company's id.
        #[arg(long)]
        company: i64,
        /// Language of the report (uz, ru, en).
        #[arg(long, default_value = "uz")]
        lang: String,
    },
}

/// Tesseract parallelises a page with OpenMP, and in this process that made reading slower, not
/// faster: OpenMP's waiting threads spin against the runtime's (six photos one after another
/// took 24.9 s, 15 s of it in the kernel; with one OpenMP thread 12.2 s; docs/benchmarks.md).
/// OpenMP reads its thread limit only from the environment when the process starts, so the
/// binary sets it and starts itself again, once. Pages run side by side on the engine pool.
#[cfg(unix)]
fn limit_openmp() {
    use std::os::unix::process::CommandExt;
    if std::env::var_os("OMP_THREAD_LIMIT").is_some() {
        return;
    }
    let Ok(exe) = std::env::current_exe() else { return };
    let error = std::process::Command::new(exe).args(std::env::args_os().skip(1)).env("OMP_THREAD_LIMIT", "1").exec();
    eprintln!("savdo: could not restart with OMP_THREAD_LIMIT=1 ({error}); going on as is");
}

#[cfg(not(unix))]
fn limit_openmp() {}

fn main() {
    limit_openmp();
    start();
}

#[tokio::main]
async fn start() {
    let cli = Cli::parse();
    let quiet = matches!(cli.command, Some(Command::Console { .. } | Command::Ask { .. } | Command::Ocr { .. }));
    let default_filter = if quiet { "warn" } else { "info,sqlx=warn" };
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_from_env("SAVDO_LOG").unwrap_or_else(|_| EnvFilter::new(default_filter)))
        .with_writer(std::io::stderr)
        .init();
    if let Err(e) = run(cli).await {
        eprintln!("savdo: {e:#}");
        std::process::exit(2);
    }
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    let config = Config::from_env()?;
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => savdo::server::serve(config).await,
        Command::Console { user_id, name, lang } => {
            savdo::console::run(config, TgUser::new(user_id, &name, Some(&lang))).await
        }
        Command::Ocr { text, files } => ocr(&config, text, &files).await,
        Command::Ask { company, user, lang, json, question } => {
            let db = savdo::server::open_database(&config).await?;
            let members = savdo::domain::company::members(&db, company).await?;
            let asker = members
                .iter()
                .find(|m| match user {
                    Some(id) => m.telegram_id == id,
                    None => m.role == savdo::domain::roles::Role::Admin && !m.blocked,
                })
                .ok_or_else(|| anyhow::anyhow!("no such member of company {company}"))?;
            let lang = savdo::i18n::Lang::parse(&lang).unwrap_or_default();
            let actor = savdo::domain::actor::Actor { via: savdo::domain::actor::Via::Cli, ..asker.actor() };
            let model = config.ai.as_ref().map(|ai| ai.model());
            let answer = savdo::domain::assistant::ask(&db, &actor, model.as_ref(), lang, "cli", &question)
                .await
                .map_err(|e| match e {
                    savdo::domain::Error::Refused(r) => anyhow::anyhow!(savdo::i18n::t(lang, r.message_key())),
                    savdo::domain::Error::Internal(e) => e,
                })?;
            if json {
                println!("{}", serde_json::to_string_pretty(&answer)?);
            } else {
                println!("{}", answer.text);
            }
            Ok(())
        }
        Command::Tax { what: TaxWhat::Send { company, period, only } } => {
            tax_send(&config, company, period, &only).await
        }
        Command::Regos { what } => regos(&config, what).await,
        Command::ApiUser { what } => api_user(&config, what).await,
        Command::Describe { company, limit, dry_run, lang } => {
            let Some(ai) = config.ai.as_ref() else {
                anyhow::bail!(
                    "no model is configured: set AI_BASE_URL and AI_MODEL (or run `savdo dev-model` for the stand-in)"
                );
            };
            let lang = savdo::i18n::Lang::parse(&lang).ok_or_else(|| anyhow::anyhow!("--lang must be uz, ru or en"))?;
            let db = savdo::server::open_database(&config).await?;
            let actor = savdo::domain::actor::Actor::system(company, savdo::domain::actor::Via::Cli);
            let written = savdo::domain::descriptions::describe(&db, &actor, &ai.model(), lang, limit, dry_run)
                .await
                .map_err(|e| match e {
                savdo::domain::Error::Refused(r) => anyhow::anyhow!("{r}"),
                savdo::domain::Error::Internal(e) => e,
            })?;
            for d in &written {
                println!("{}\t{}\t{}", d.code, d.name, d.description);
            }
            let verb = if dry_run { "would be written (dry run: nothing saved)" } else { "written" };
            println!("{} descriptions {verb}", written.len());
            Ok(())
        }
        Command::DemoCatalogue { products, username, password } => {
            let db = savdo::server::open_database(&config).await?;
            match savdo::domain::demo::catalogue::generate(&db, products, &username, &password).await? {
                Some(company) => println!(
                    "company {company} ({}) with {products} products; API user {username}",
                    savdo::domain::demo::catalogue::COMPANY_NAME
                ),
                None => println!("API user {username} exists: the catalogue was made before"),
            }
            Ok(())
        }
        Command::DevRegos { addr, seed, receipts, rate_limit_every, integration, webhook, webhook_secret } => {
            let listener = tokio::net::TcpListener::bind(addr).await?;
            eprintln!(
                "{} on http://{addr} (token: /oauth/token; gateway: /gateway/out/{integration}/v1/…)",
                savdo::dev_regos::LABEL
            );
            let options = savdo::dev_regos::Options {
                seed,
                receipts,
                integration_id: integration,
                rate_limit_every,
                webhook,
                webhook_secret,
            };
            savdo::dev_regos::serve(listener, options).await?;
            Ok(())
        }
        Command::DevOnec { addr, dir } => {
            let listener = tokio::net::TcpListener::bind(addr).await?;
            eprintln!("{} on http://{addr} (GET /import.xml, /offers.xml, /clients.xml)", savdo::dev_onec::LABEL);
            savdo::dev_onec::serve(listener, dir).await?;
            Ok(())
        }
        Command::DevSimOperator { addr, delay_ms } => {
            let listener = tokio::net::TcpListener::bind(addr).await?;
            eprintln!(
                "{} on http://{addr} (GET /v1/sims/ICCID; POST /dev/sims/ICCID {{\"status\"}})",
                savdo::dev_sim_operator::LABEL
            );
            savdo::dev_sim_operator::serve(listener, std::time::Duration::from_millis(delay_ms)).await?;
            Ok(())
        }
        Command::DevTaxCabinet { addr } => {
            let listener = tokio::net::TcpListener::bind(addr).await?;
            eprintln!(
                "{} on http://{addr} (POST /v1/reports; GET /v1/reports lists what it got)",
                savdo::dev_tax_cabinet::LABEL
            );
            savdo::dev_tax_cabinet::serve(listener).await?;
            Ok(())
        }
        Command::Import { what: ImportWhat::Sales { file, company, lang } } => {
            let db = savdo::server::open_database(&config).await?;
            let source =
                std::fs::File::open(&file).map_err(|e| anyhow::anyhow!("cannot read {}: {e}", file.display()))?;
            let name = file.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
            let operator = savdo::domain::actor::Actor::system(company, savdo::domain::actor::Via::Cli);
            let outcome = savdo::domain::import::import_file(&db, &operator, &name, source).await?;
            let lang = savdo::i18n::Lang::parse(&lang).unwrap_or_default();
            println!("{}", savdo::reports::import::outcome_text(lang, &outcome));
            if matches!(outcome, savdo::domain::import::Outcome::Refused(_)) {
                std::process::exit(1);
            }
            Ok(())
        }
        Command::Forecast { csv: Some(file), column, period, horizon, method, holdout, .. } => {
            use savdo::domain::forecast;
            let bytes = std::fs::read(&file).map_err(|e| anyhow::anyhow!("cannot read {}: {e}", file.display()))?;
            let series = forecast::read_series(&bytes, column.as_deref())
                .map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
            let opts = forecast::Options { method: method.0, ..forecast::Options::new(period, horizon) };
            let result = match holdout {
                Some(k) => forecast::with_holdout(&series, &opts, k),
                None => forecast::forecast(&series, &opts),
            };
            println!("{}", serde_json::to_string_pretty(&result)?);
            Ok(())
        }
        Command::Forecast { company, .. } => {
            let company = company.ok_or_else(|| anyhow::anyhow!("--csv FILE or --company ID"))?;
            let db = savdo::server::open_database(&config).await?;
            let operator = savdo::domain::actor::Actor::system(company, savdo::domain::actor::Via::Cli);
            let done = savdo::domain::forecast::reorder::recompute(&db, &operator, savdo::db::now()).await?;
            println!(
                "reorder points recomputed: {} products in {} branches, {:.1} s",
                done.points, done.branches, done.seconds
            );
            Ok(())
        }
        Command::Export { kind, company, from, to, branch, customer, supplier, format, out, lang } => {
            use savdo::domain::{actor, exports};
            let db = savdo::server::open_database(&config).await?;
            let operator = actor::Actor::system(company, actor::Via::Cli);
            let spec = exports::Spec {
                from,
                to,
                branch_id: branch,
                customer_id: customer,
                supplier_id: supplier,
                ..Default::default()
            };
            let lang = savdo::i18n::Lang::parse(&lang).unwrap_or_default();
            let heading = savdo::reports::exports::heading(&db, &operator, kind, &spec, lang).await?;
            let file =
                std::fs::File::create(&out).map_err(|e| anyhow::anyhow!("cannot write {}: {e}", out.display()))?;
            let started = std::time::Instant::now();
            let rows = savdo::reports::exports::to_file(&db, &operator, &spec, heading, format, file, |_| {}).await?;
            eprintln!("{rows} rows to {} in {:.2} s", out.display(), started.elapsed().as_secs_f64());
            Ok(())
        }
        Command::DemoData { sales, seed } => {
            let db = savdo::server::open_database(&config).await?;
            let report = savdo::domain::demo::generate(&db, sales, seed).await?;
            println!(
                "demo company {} ready: {} sales, {} lines in {:.1} s. Try: savdo console (you are its admin)",
                report.company_id, report.sales, report.lines, report.seconds
            );
            Ok(())
        }
        Command::Bench {
            what: Some(BenchWhat::Forecast { series, points, sample, seed, sample_out, json }), ..
        } => {
            use savdo::bench::forecast;
            if let Some(path) = sample_out {
                std::fs::write(&path, forecast::sample_csv(sample, points, seed))?;
                return Ok(());
            }
            let r = tokio::task::spawn_blocking(move || forecast::run(series, points, sample, seed)).await?;
            println!(
                "| Savdo | {} × {} | {} threads | {:.2} s | {:.0} µs | {:.2} % | {:.2} % |",
                r.series, r.points, r.threads, r.seconds, r.per_series_us, r.mape_savdo, r.mape_seasonal_naive
            );
            println!("methods chosen: {:?}", r.methods);
            if let Some(path) = json {
                std::fs::write(&path, serde_json::to_string_pretty(&r)?)?;
            }
            Ok(())
        }
        Command::Bench { what: Some(BenchWhat::Updates { instances, people, seconds, kind, json }), .. } => {
            let options = savdo::bench::updates::Options {
                database_url: config.database_url.clone(),
                instances,
                people,
                seconds,
                kind,
            };
            let r = savdo::bench::updates::run(options).await?;
            let backend = format!("{:?}", savdo::db::backend_of(&config.database_url)?);
            println!(
                "| {backend} | {:?} | {} | {} | {} | {:.0} | {:.2} | {:.2} |",
                r.kind, r.instances, r.people, r.updates, r.per_second, r.p50_ms, r.p99_ms
            );
            if let Some(path) = json {
                std::fs::write(
                    &path,
                    serde_json::to_string_pretty(&serde_json::json!({ "database": backend, "report": r }))?,
                )?;
            }
            Ok(())
        }
        Command::Bench { what: Some(BenchWhat::Ocr { fixtures, runs, photos, json }), .. } => {
            bench_ocr(&fixtures, runs, photos, json.as_deref()).await
        }
        Command::Bench { what, runs, json } => {
            let db = savdo::server::open_database(&config).await?;
            let (rows, json) = match what {
                Some(BenchWhat::Assistant { runs, json }) => {
                    (savdo::bench::assistant::run(db.clone(), runs).await?, json)
                }
                _ => (savdo::bench::sales(db.clone(), runs).await?, json),
            };
            let backend = format!("{:?}", db.backend);
            println!("| database | case | runs | p50 ms | p99 ms | mean ms |\n|---|---|---|---|---|---|");
            for r in &rows {
                println!(
                    "| {backend} | {} | {} | {:.2} | {:.2} | {:.2} |",
                    r.case, r.runs, r.p50_ms, r.p99_ms, r.mean_ms
                );
            }
            if let Some(path) = json {
                std::fs::write(
                    &path,
                    serde_json::to_string_pretty(&serde_json::json!({ "database": backend, "rows": rows }))?,
                )?;
            }
            Ok(())
        }
        Command::DevTelegram { addr } => {
            let listener = tokio::net::TcpListener::bind(addr).await?;
            eprintln!("DEVELOPMENT STAND-IN for the Telegram Bot API on http://{addr}/ (not Telegram)");
            axum::serve(listener, savdo::telegram_stub::Stub::new().router()).await?;
            Ok(())
        }
        Command::DevModel { addr } => {
            let listener = tokio::net::TcpListener::bind(addr).await?;
            eprintln!("DEVELOPMENT STAND-IN for an OpenAI-compatible model on http://{addr}/v1 (not a language model)");
            savdo::dev_model::serve(listener).await?;
            Ok(())
        }
        Command::Migrate => {
            savdo::server::open_database(&config).await?;
            println!("database is up to date");
            Ok(())
        }
        Command::Backup { file } => {
            let db = savdo::server::open_database(&config).await?;
            savdo::db::backup::backup(&db, &config.database_url, &file).await?;
            println!("backup written to {}", file.display());
            Ok(())
        }
        Command::Restore { file } => {
            savdo::db::backup::restore(&config.database_url, &file).await?;
            println!("restored {} into {}", file.display(), savdo::db::redact(&config.database_url));
            Ok(())
        }
    }
}

/// `savdo ocr FILE…`: one JSON object per file (an array for several); exit code 1 when a file
/// could not be read (its entry says why).
async fn ocr(config: &Config, text: bool, files: &[std::path::PathBuf]) -> anyhow::Result<()> {
    use savdo::domain::scans;
    let engine = scans::Engine::start(config.ocr.clone());
    let today = chrono::Local::now().date_naive();
    let mut out = Vec::new();
    let mut failed = false;
    for file in files {
        let name = file.display().to_string();
        let read = match std::fs::read(file) {
            Ok(bytes) => scans::read(Some(&engine), &bytes, today).await.map_err(|e| match e {
                savdo::domain::Error::Refused(r) => savdo::i18n::t(savdo::i18n::Lang::En, r.message_key()),
                savdo::domain::Error::Internal(e) => e.to_string(),
            }),
            Err(e) => Err(format!("cannot read {name}: {e}")),
        };
        match read {
            Ok(reading) if text => println!("{}", reading.text),
            Ok(reading) => out.push(scans::json_of(&reading)),
            Err(error) => {
                failed = true;
                if text {
                    eprintln!("savdo: {name}: {error}");
                } else {
                    out.push(serde_json::json!({"file": name, "error": error}));
                }
            }
        }
    }
    engine.stop();
    if !text {
        let json = if out.len() == 1 { out.remove(0) } else { serde_json::Value::Array(out) };
        println!("{}", serde_json::to_string_pretty(&json)?);
    }
    if failed {
        std::process::exit(1);
    }
    Ok(())
}

async fn bench_ocr(
    dir: &std::path::Path,
    runs: usize,
    photos: usize,
    json: Option<&std::path::Path>,
) -> anyhow::Result<()> {
    use savdo::bench::ocr;
    let fixtures = ocr::fixtures(dir)?;
    anyhow::ensure!(!fixtures.is_empty(), "no fixtures with ground truth in {}", dir.display());
    let clean = fixtures.iter().filter(|f| !f.is_photo()).count();
    println!("{} fixtures: {clean} clean scans, {} phone photos\n", fixtures.len(), fixtures.len() - clean);
    println!("| page segmentation | clean scans: fields exact | phone photos: fields exact |\n|---|---|---|");
    let mut accuracy = Vec::new();
    for psm in [4, 3, 6] {
        let a = ocr::accuracy(&fixtures, psm).await?;
        println!(
            "| {psm} | {:.1} % ({}/{}) | {:.1} % ({}/{}) |",
            a.clean.percent(),
            a.clean.right,
            a.clean.fields,
            a.photos.percent(),
            a.photos.right,
            a.photos.fields
        );
        accuracy.push(a);
    }
    println!("\n| file | fields exact (psm 4) |\n|---|---|");
    for (file, score, _) in &accuracy[0].files {
        println!("| {file} | {}/{} |", score.right, score.fields);
    }
    let timing = ocr::timing(&fixtures, runs).await?;
    println!("\n| image | Savdo ms (whole pipeline, engine warm) | tesseract CLI ms | Savdo fields exact | CLI text → Savdo's extractor |\n|---|---|---|---|---|");
    for t in &timing {
        println!(
            "| {} | {:.0} | {:.0} | {}/{} | {}/{} |",
            t.file,
            t.savdo_ms,
            t.tesseract_cli_ms,
            t.savdo_fields.right,
            t.savdo_fields.fields,
            t.tesseract_cli_fields.right,
            t.tesseract_cli_fields.fields
        );
    }
    let batch = ocr::throughput(&fixtures, photos).await?;
    println!(
        "\n| batch of photos | one at a time ms | side by side ms | speed-up |\n|---|---|---|---|\n| {} | {:.0} | {:.0} | {:.2}× |",
        batch.photos, batch.one_at_a_time_ms, batch.side_by_side_ms, batch.speedup
    );
    if let Some(path) = json {
        std::fs::write(
            path,
            serde_json::to_string_pretty(
                &serde_json::json!({ "accuracy": accuracy, "timing": timing, "batch": batch }),
            )?,
        )?;
    }
    Ok(())
}

/// `savdo tax send`: the month's reports to the configured cabinet, a JSON summary on stdout.
async fn tax_send(config: &Config, company: i64, period: Option<String>, only: &[String]) -> anyhow::Result<()> {
    use savdo::domain::calendar::Month;
    use savdo::domain::tax::reports::Report;
    let settings = config
        .tax_cabinet
        .as_ref()
        .ok_or_else(|| anyhow::anyhow!("TAX_CABINET_URL is not set (a URL, or dev for the development stand-in)"))?;
    let db = savdo::server::open_database(config).await?;
    let actor = savdo::domain::actor::Actor::system(company, savdo::domain::actor::Via::Cli);
    let today = actor.calendar(&db).await?.today();
    let month = Month::named_or_previous(period.as_deref(), today)
        .ok_or_else(|| anyhow::anyhow!("--period must be YYYY-MM (got {})", period.clone().unwrap_or_default()))?;
    let regime = savdo::domain::tax::regime(&db, company).await?;
    let reports: Vec<Report> = if only.is_empty() {
        Report::filed_under(regime)
    } else {
        only.iter()
            .map(|r| {
                Report::parse(r)
                    .ok_or_else(|| anyhow::anyhow!("unknown report {r}: sales, vat, payroll or declaration"))
            })
            .collect::<anyhow::Result<_>>()?
    };
    let configured = settings.connect().await?;
    let summary = savdo::domain::tax::submit::send_all(
        &db,
        &actor,
        configured.cabinet.as_ref(),
        configured.retry,
        month,
        &reports,
    )
    .await
    .map_err(|e| match e {
        savdo::domain::Error::Refused(r) => anyhow::anyhow!("{r}"),
        savdo::domain::Error::Internal(e) => e,
    })?;
    println!("{}", serde_json::to_string_pretty(&summary)?);
    if !summary.all_success {
        std::process::exit(1);
    }
    Ok(())
}

/// `savdo api-user add|list|revoke`.
async fn api_user(config: &Config, what: ApiUserWhat) -> anyhow::Result<()> {
    use savdo::domain::actor::{Actor, Via};
    use savdo::domain::apiusers;
    let db = savdo::server::open_database(config).await?;
    let refused = |e: savdo::domain::Error| match e {
        savdo::domain::Error::Refused(r) => anyhow::anyhow!("{r}"),
        savdo::domain::Error::Internal(e) => e,
    };
    match what {
        ApiUserWhat::Add { company, username, role, branch } => {
            let role = savdo::domain::roles::Role::parse(&role).ok_or_else(|| {
                anyhow::anyhow!("--role must be admin, manager, cashier, warehouse, agent, employee or accountant")
            })?;
            let mut password = String::new();
            std::io::stdin().read_line(&mut password)?;
            let password = password.trim_end_matches(['\r', '\n']);
            let actor = Actor::system(company, Via::Cli);
            let user = apiusers::add(&db, &actor, &username, password, role, branch).await.map_err(refused)?;
            println!(
                "API user {} (#{}) added as {}; get tokens with POST /api/token/",
                user.username,
                user.id,
                user.role.as_str()
            );
        }
        ApiUserWhat::List { company } => {
            let actor = Actor::system(company, Via::Cli);
            for user in apiusers::list(&db, &actor).await.map_err(refused)? {
                let state = if user.revoked { "revoked" } else { "active" };
                println!("{}\t{}\t{}\t{}", user.id, user.username, user.role.as_str(), state);
            }
        }
        ApiUserWhat::Revoke { company, username } => {
            let actor = Actor::system(company, Via::Cli);
            apiusers::revoke(&db, &actor, &username).await.map_err(refused)?;
            println!("API user {username} revoked");
        }
    }
    Ok(())
}

/// `savdo regos connect|sync`.
async fn regos(config: &Config, what: RegosWhat) -> anyhow::Result<()> {
    use savdo::domain::regos::{self, Client, Connection};
    let db = savdo::server::open_database(config).await?;
    let refused = |e: savdo::domain::Error| match e {
        savdo::domain::Error::Refused(r) => anyhow::anyhow!("{r}"),
        savdo::domain::Error::Internal(e) => e,
    };
    match what {
        RegosWhat::Connect { company, url, integration, client_id, token_url, webhook_secret } => {
            let mut secret = String::new();
            std::io::stdin().read_line(&mut secret)?;
            let secret = secret.trim().to_string();
            if secret.is_empty() {
                anyhow::bail!("give the client secret on standard input");
            }
            let token_url = token_url.unwrap_or_else(|| format!("{}/oauth/token", url.trim_end_matches('/')));
            let connection =
                Connection { base_url: url, integration_id: integration, client_id, client_secret: secret, token_url };
            let webhook_secret = webhook_secret.unwrap_or_else(|| {
                use rand::Rng;
                rand::rng().sample_iter(rand::distr::Alphanumeric).take(32).map(char::from).collect()
            });
            let actor = savdo::domain::actor::Actor::system(company, savdo::domain::actor::Via::Cli);
            regos::connect(&db, &actor, &connection, &webhook_secret).await.map_err(refused)?;
            println!("connected; REGOS webhooks: POST /webhooks/regos/{company} with X-Regos-Secret: {webhook_secret}");
            Ok(())
        }
        RegosWhat::Sync { company, days } => {
            let (connection, _) = regos::connection(&db, company)
                .await
                .map_err(refused)?
                .ok_or_else(|| anyhow::anyhow!("company {company} is not connected to REGOS (savdo regos connect)"))?;
            let client = Client::new(connection)?;
            let actor = savdo::domain::actor::Actor::system(company, savdo::domain::actor::Via::Cli);
            let now = chrono::Utc::now().timestamp();
            let report = regos::sync(&db, &actor, &client, "cli", now - days.clamp(1, 365) * 86_400, now, None)
                .await
                .map_err(refused)?;
            println!("{}", serde_json::to_string_pretty(&report)?);
            if report.status != "done" {
                std::process::exit(1);
            }
            Ok(())
        }
    }
}
