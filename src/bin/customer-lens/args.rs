//! The command's arguments, parsed by clap: each option's values come from the core's own `FromStr`
//! (the keys the page's lists carry too), its defaults from the core's defaults, and a bad value gets the
//! sentence the page shows.

use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Args, Parser};

use customer_lens::core::basket::baskets::Level;
use customer_lens::core::basket::BasketRequest;
use customer_lens::core::choice::Choice;
use customer_lens::core::clusters::Split;
use customer_lens::core::clv::analysis::ClvRequest;
use customer_lens::core::clv::calibration::Calibration;
use customer_lens::core::clv::horizon::{Horizon, PurchasePeriod, TimeUnit};
use customer_lens::core::clv::model::ModelKind;
use customer_lens::core::ingest::DateOrder;
use customer_lens::core::pipeline::Request;
use customer_lens::core::seed::Seed;
use customer_lens::core::settings::{self, DateSetting, SettingError};
use customer_lens::core::table::{Day, Role};

/// Customer Lens: the browser app's analysis, for data teams and for files too big for a tab.
#[derive(Parser)]
#[command(name = "customer-lens", version)]
pub enum Command {
    /// Analyse a file of transactions (or a repeat-purchase summary), as the browser app does.
    Analyze(Box<Analyze>),
    /// Each fitted model's predictions for a list of histories, as CSV.
    ///
    /// For each history (columns frequency, recency, T, optionally customer_id and monetary_value) and
    /// each model that analyze --fitted-out saved: P(alive), expected purchases, P(exactly n purchases)
    /// for n = 0..N, expected spend and CLV over the horizon, as CSV on standard output.
    Predict(Predict),
    /// Check the models against the published fits on the CDNOW sample.
    ///
    /// Fits BG/NBD, Pareto/NBD and Gamma-Gamma on the CDNOW sample built in and sets each parameter beside
    /// the published one (exit status 1 if any differs).
    Selftest,
}

/// `customer-lens analyze FILE [options]`.
#[derive(Args)]
pub struct Analyze {
    /// The file: CSV or TSV of transactions, or a repeat-purchase summary.
    pub file: String,
    /// The analysis date [default: the day after the last purchase].
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = day(DateSetting::AnalysisDate))]
    observation_end: Option<Day>,
    /// Use purchases from this date on only [default: the first purchase].
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = day(DateSetting::PeriodStart))]
    period_start: Option<Day>,
    /// How to read dates like 03/04/2011 (auto: decided from the values).
    #[arg(long, value_name = "ORDER", default_value_t = DateOrder::default(), value_parser = choice::<DateOrder>())]
    date_order: DateOrder,
    /// The first row is a header [default: found from the file].
    #[arg(long, overrides_with = "no_header")]
    header: bool,
    /// The first row is data.
    #[arg(long)]
    no_header: bool,
    /// The column of a role by its header, e.g. customer="Customer Name" (repeatable).
    #[arg(long, value_name = "ROLE=NAME", value_parser = column, help = column_help())]
    column: Vec<(String, Role)>,
    /// The time unit of the models.
    #[arg(long, value_name = "UNIT", default_value_t = TimeUnit::default(), value_parser = choice::<TimeUnit>())]
    time_unit: TimeUnit,
    /// Read FILE as a repeat-purchase summary (customer_id, frequency, recency, T, monetary_value, as
    /// lifetimes writes them; found from the header without this flag).
    #[arg(long)]
    summary: bool,
    /// How far ahead purchases, spend and value are forecast, in days, weeks or months, such as "39
    /// weeks" or 6m, up to 20 years.
    #[arg(long, value_name = "N UNIT", default_value_t = ClvRequest::default().horizon)]
    horizon: Horizon,
    /// The horizon in months (an older spelling of --horizon N months).
    #[arg(
        long,
        allow_negative_numbers = true,
        value_name = "N",
        conflicts_with = "horizon",
        hide = true
    )]
    horizon_months: Option<f64>,
    /// Monthly discount rate of lifetime value, 0 to 0.5.
    #[arg(long, allow_negative_numbers = true, value_name = "R", default_value_t = ClvRequest::default().discount_rate)]
    discount_rate: f64,
    /// Days in the month value is discounted by, 28 to 31 [default: lifetimes' 30 days, or 4.345 weeks
    /// when the time unit is weeks].
    #[arg(long, allow_negative_numbers = true, value_name = "D")]
    month_days: Option<f64>,
    /// Value every purchase at this amount instead of Gamma-Gamma's estimate.
    #[arg(long, allow_negative_numbers = true, value_name = "V")]
    spend_per_purchase: Option<f64>,
    /// Count purchases by day, calendar week or calendar month; purchases in one period merge into one,
    /// as lifetimes' freq and pymc-marketing's time_unit do.
    #[arg(long, value_name = "PERIOD", default_value_t = ClvRequest::default().period, value_parser = choice::<PurchasePeriod>())]
    purchase_period: PurchasePeriod,
    /// Fit the models up to this date and compare their forecasts with what happened after (auto: half
    /// the data, at most a year, is held out when they span a year; none: no holdout).
    #[arg(long, value_name = "auto|none|YYYY-MM-DD", value_parser = calibration, default_value = "auto")]
    calibration_end: Calibration,
    /// The purchase model to use [default: the best by holdout error, else by likelihood].
    #[arg(long, value_name = "MODEL", value_parser = choice::<ModelKind>())]
    model: Option<ModelKind>,
    /// Write every fitted model and the settings of its values as JSON, for predict.
    #[arg(long, value_name = "FILE.json")]
    pub fitted_out: Option<String>,
    /// Skip the lifetime-value models (a quick look at a very large file).
    #[arg(long)]
    no_clv: bool,
    /// The number of behavioural clusters, 2 to 9 [default: the elbow of the inertia curve].
    #[arg(long, value_name = "K")]
    clusters: Option<usize>,
    /// Split cluster C (1-based) again into N (2 to 5) sub-clusters, e.g. 2:3.
    #[arg(long, value_name = "C:N", value_parser = split)]
    split_cluster: Option<Split>,
    /// The first day of the second period customers migrate to [default: mid-data].
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = day(DateSetting::MigrationBoundary))]
    migration_boundary: Option<Day>,
    /// Skip the behavioural clusters.
    #[arg(long)]
    no_clusters: bool,
    /// What counts as an item in a basket [default: the finest level the file has].
    #[arg(long, value_name = "LEVEL", value_parser = choice::<Level>())]
    basket_level: Option<Level>,
    /// Minimum share of baskets holding an itemset, above 0 to 1 [default: chosen from the data, the
    /// highest of 0.01, 0.005, 0.002, 0.001, 0.0005 giving 10 rules].
    #[arg(long, allow_negative_numbers = true, value_name = "S")]
    min_support: Option<f64>,
    /// Minimum confidence of an association rule, 0 to 1 [default: chosen from the data, the highest of
    /// 0.2, 0.1, 0.05 giving 10 rules].
    #[arg(long, allow_negative_numbers = true, value_name = "C")]
    min_confidence: Option<f64>,
    /// Largest itemset, 2 to 10 items.
    #[arg(long, value_name = "N", default_value_t = BasketRequest::default().max_len)]
    max_itemset: usize,
    /// Skip the market baskets.
    #[arg(long)]
    no_baskets: bool,
    /// The seed of every random draw (K-Means starts, the forest, interval draws, the offers' factor
    /// model).
    #[arg(long, value_name = "N", default_value_t = Seed::default())]
    seed: Seed,
    /// Print one JSON object instead of the text summary.
    #[arg(long)]
    pub json: bool,
    /// Write the customer table (one row per customer) as CSV.
    #[arg(long, value_name = "FILE.csv")]
    pub customers_out: Option<String>,
    /// Write every association rule with every measure as CSV.
    #[arg(long, value_name = "FILE.csv")]
    pub rules_out: Option<String>,
    /// Write every frequent itemset with its support and count as CSV.
    #[arg(long, value_name = "FILE.csv")]
    pub itemsets_out: Option<String>,
    /// Print the seconds each stage took to standard error.
    #[arg(long)]
    pub timings: bool,
}

/// `customer-lens predict --fitted FILE.json HISTORIES.csv`.
#[derive(Args)]
pub struct Predict {
    /// The histories: a repeat-purchase summary.
    pub histories: String,
    /// The fitted models (written by analyze --fitted-out).
    #[arg(long, value_name = "FILE.json")]
    pub fitted: String,
    /// How far ahead [default: the analysis's].
    #[arg(long, value_name = "N UNIT")]
    pub horizon: Option<Horizon>,
    /// P(exactly n purchases) columns for n = 0..N, N at most 100.
    #[arg(long, value_name = "N", default_value_t = 5, value_parser = clap::value_parser!(u32).range(0..=100))]
    pub purchases: u32,
}

impl Analyze {
    /// The request the options make.
    pub fn request(&self) -> Request {
        let mut request = Request {
            analysis_date: self.observation_end,
            period_start: self.period_start,
            time_unit: self.time_unit,
            summary: self.summary,
            seed: self.seed,
            ..Request::default()
        };
        let read = &mut request.read;
        read.date_order = self.date_order;
        read.has_header = match (self.header, self.no_header) {
            (true, _) => Some(true),
            (_, true) => Some(false),
            _ => None,
        };
        read.named_roles = self.column.clone();
        let clv = &mut request.clv;
        clv.enabled = !self.no_clv;
        clv.horizon = self.horizon_months.map_or(self.horizon, Horizon::months);
        clv.discount_rate = self.discount_rate;
        clv.month_days = self.month_days;
        clv.spend_per_purchase = self.spend_per_purchase;
        clv.period = self.purchase_period;
        clv.calibration = self.calibration_end.clone();
        clv.model = self.model;
        let clusters = &mut request.clusters;
        clusters.enabled = !self.no_clusters;
        clusters.k = self.clusters;
        clusters.split = self.split_cluster;
        clusters.migration_boundary = self.migration_boundary;
        let basket = &mut request.basket;
        basket.enabled = !self.no_baskets;
        basket.level = self.basket_level;
        basket.min_support = self.min_support;
        basket.min_confidence = self.min_confidence;
        basket.max_len = self.max_itemset;
        request
    }
}

/// The parser of a setting with a fixed set of values: its keys, which the help lists.
fn choice<C: Choice + Send + Sync>() -> impl TypedValueParser<Value = C> {
    PossibleValuesParser::new(C::ALL.iter().map(|c| c.key())).map(|key| {
        C::ALL
            .iter()
            .copied()
            .find(|c| c.key() == key)
            .unwrap_or(C::ALL[0])
    })
}

/// The parser of a date setting: the page's sentence for text that is not a date.
fn day(setting: DateSetting) -> impl Fn(&str) -> Result<Day, SettingError> + Clone {
    move |text| {
        settings::date(setting, text)?.ok_or_else(|| SettingError::Date(setting, text.into()))
    }
}

/// `auto`, `none` or the calibration end.
fn calibration(text: &str) -> Result<Calibration, SettingError> {
    Ok(match text.trim() {
        "auto" => Calibration::Auto,
        "none" => Calibration::Off,
        _ => Calibration::Until(day(DateSetting::CalibrationEnd)(text)?),
    })
}

/// `C:N`: cluster C (1-based) into N sub-clusters.
fn split(text: &str) -> Result<Split, String> {
    text.split_once(':')
        .and_then(|(c, n)| Some((c.trim().parse::<usize>().ok()?, n.trim().parse().ok()?)))
        .filter(|(cluster, _)| *cluster >= 1)
        .map(|(cluster, into)| Split {
            cluster: cluster - 1,
            into,
        })
        .ok_or_else(|| format!("takes CLUSTER:PARTS such as 2:3, not '{text}'"))
}

/// `ROLE=NAME`: the column named NAME holds ROLE.
fn column(text: &str) -> Result<(String, Role), String> {
    let (key, name) = text
        .split_once('=')
        .ok_or("takes ROLE=NAME, such as customer=\"Customer Name\"")?;
    let role = Role::from_key(key.trim()).ok_or_else(|| {
        let keys: Vec<&str> = Role::ALL.iter().map(|r| r.key()).collect();
        format!("'{key}' is not a role; the roles are {}", keys.join(", "))
    })?;
    Ok((name.to_string(), role))
}

/// The help of `--column`, with the roles.
fn column_help() -> String {
    let keys: Vec<&str> = Role::ALL.iter().map(|r| r.key()).collect();
    format!(
        "The column of a role by its header, e.g. customer=\"Customer Name\" (repeatable; roles: {})",
        keys.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_arguments_are_consistent() {
        Command::command().debug_assert();
    }

    #[test]
    fn no_option_gives_the_core_defaults() {
        let Command::Analyze(a) = Command::parse_from(["customer-lens", "analyze", "f.csv"]) else {
            panic!("analyze");
        };
        assert_eq!(a.request(), Request::default());
    }
}
