//! Seed 001's skills platform as it really stores its data (reference/real-systems.md), in both
//! of its eras, on the local store, the fake Cloudflare server, a real `wrangler dev` and a real
//! PostgreSQL: aliases nested under the skill prefix, records whose `name` is not their slug,
//! index entries named by `slug`, hierarchical slugs and a composite unique key.

mod support;

#[path = "support/pg.rs"]
mod pg;
#[path = "wrangler_dev/server.rs"]
mod server;

#[path = "durable/backend.rs"]
mod backend;
#[path = "platform/catalog.rs"]
mod catalog;
#[path = "platform/dev.rs"]
mod dev;
#[path = "platform/figures.rs"]
mod figures;
#[path = "platform/flow.rs"]
mod flow;
#[path = "platform/layout.rs"]
mod layout;
#[path = "platform/stores.rs"]
mod stores;

use catalog::{platform, Era};
use stores::Place;

#[test]
fn flat_slugs_on_the_local_store() {
    flow::round(&Place::local(), &platform(Era::Flat, 200));
}

#[test]
fn flat_slugs_on_cloudflare() {
    flow::round(&Place::fake(), &platform(Era::Flat, 60));
}

#[test]
fn flat_slugs_with_prisma_on_postgres() {
    let Some(place) = Place::postgres() else {
        return;
    };
    flow::round(&place, &platform(Era::Flat, 60));
}

#[test]
fn hierarchical_slugs_on_the_local_store() {
    flow::round(&Place::local(), &platform(Era::Hierarchical, 60));
}

#[test]
fn hierarchical_slugs_on_cloudflare() {
    flow::round(&Place::fake(), &platform(Era::Hierarchical, 60));
}

#[test]
fn hierarchical_slugs_with_prisma_on_postgres() {
    let Some(place) = Place::postgres() else {
        return;
    };
    flow::round(&place, &platform(Era::Hierarchical, 60));
}

#[test]
fn flat_slugs_on_wrangler_dev() {
    let Some(place) = Place::wrangler_dev() else {
        return;
    };
    flow::round(&place, &platform(Era::Flat, 40));
}

#[test]
fn hierarchical_slugs_on_wrangler_dev() {
    let Some(place) = Place::wrangler_dev() else {
        return;
    };
    flow::round(&place, &platform(Era::Hierarchical, 40));
}
