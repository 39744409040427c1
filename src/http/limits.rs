//! Request limits for `/api`: per credential (token or key) and per client address, through
//! `governor`'s keyed GCRA limiters (bursts up to a minute's quota, then the steady rate). A
//! request over either limit gets DRF's 429 with `Retry-After`. Limits are per process: N
//! instances behind a balancer allow N times as much.
//!
//! `tower_governor` wraps the same limiter as a layer but keys on one thing and answers in its
//! own shape; one middleware here keys on both and answers as the seed's clients expect.

use std::net::{IpAddr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::Arc;

use axum::extract::{ConnectInfo, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use sha2::{Digest, Sha256};

use super::drf::{credential, Credential, DrfError};

pub use crate::config::ApiRate as Rate;

pub struct Limiter {
    credentials: DefaultKeyedRateLimiter<[u8; 16]>,
    addresses: DefaultKeyedRateLimiter<IpAddr>,
    clock: DefaultClock,
}

impl Limiter {
    pub fn new(rate: Rate) -> Arc<Limiter> {
        let quota = |n: u32| Quota::per_minute(NonZeroU32::new(n.max(1)).expect("above zero"));
        Arc::new(Limiter {
            credentials: RateLimiter::keyed(quota(rate.per_credential)),
            addresses: RateLimiter::keyed(quota(rate.per_address)),
            clock: DefaultClock::default(),
        })
    }

    /// `Err(seconds to wait)` when either limit is spent.
    fn check(&self, credential: Option<[u8; 16]>, address: Option<IpAddr>) -> Result<(), u64> {
        let wait = |not_until: governor::NotUntil<_>| not_until.wait_time_from(self.clock.now()).as_secs() + 1;
        if let Some(ip) = address {
            self.addresses.check_key(&ip).map_err(wait)?;
        }
        if let Some(key) = credential {
            self.credentials.check_key(&key).map_err(wait)?;
        }
        Ok(())
    }

    /// Forgets keys whose limit has refilled, so memory follows the active clients.
    pub fn shrink(&self) {
        self.credentials.retain_recent();
        self.addresses.retain_recent();
    }
}

/// A credential as the limiter keys it: a digest, so no token sits in memory longer than needed.
fn credential_key(headers: &axum::http::HeaderMap) -> Option<[u8; 16]> {
    let text = match credential(headers) {
        Credential::None => return None,
        Credential::Bearer(t) | Credential::Key(t) => t,
    };
    let digest = Sha256::digest(text.as_bytes());
    let mut key = [0u8; 16];
    key.copy_from_slice(&digest[..16]);
    Some(key)
}

/// The middleware on every `/api` route. Routes served without a socket (tests through
/// `oneshot`) are limited by credential only.
pub async fn limit(State(limiter): State<Arc<Limiter>>, request: Request, next: Next) -> Response {
    let address = request.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip());
    let path = request.uri().path();
    if path.starts_with("/api/") && !path.starts_with("/api/docs") {
        if let Err(secs) = limiter.check(credential_key(request.headers()), address) {
            return DrfError::Throttled(secs).into_response();
        }
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_spent_credential_waits_and_another_does_not() {
        let limiter = Limiter::new(Rate { per_credential: 3, per_address: 100 });
        let a = Some([1u8; 16]);
        let b = Some([2u8; 16]);
        for _ in 0..3 {
            assert!(limiter.check(a, None).is_ok());
        }
        let wait = limiter.check(a, None).unwrap_err();
        assert!((1..=21).contains(&wait), "a third of a minute at most, got {wait}");
        assert!(limiter.check(b, None).is_ok());
    }

    #[test]
    fn one_address_is_limited_whatever_credentials_it_sends() {
        let limiter = Limiter::new(Rate { per_credential: 100, per_address: 2 });
        let ip: IpAddr = "10.0.0.7".parse().unwrap();
        assert!(limiter.check(Some([1; 16]), Some(ip)).is_ok());
        assert!(limiter.check(Some([2; 16]), Some(ip)).is_ok());
        assert!(limiter.check(Some([3; 16]), Some(ip)).is_err());
        assert!(limiter.check(Some([3; 16]), Some("10.0.0.8".parse().unwrap())).is_ok());
    }
}
