//! Every validation rule rejects its input with exit 2, one line, and no request that writes.

use crate::support::{stderr_of, stdout_of};
use crate::Target;

fn add_args<'a>(
    tt: &'a str,
    rating: &'a str,
    title: &'a str,
    body: &'a str,
    name: &'a str,
) -> Vec<&'a str> {
    vec![
        "reviews",
        "add",
        "--type",
        tt,
        "--id",
        "alpha",
        "--rating",
        rating,
        "--title",
        title,
        "--body",
        body,
        "--display-name",
        name,
    ]
}

#[test]
fn bad_input_is_exit_2_with_one_line_and_zero_writes() {
    let t = Target::cloudflare();
    let id = t.add("skill", "alpha", 4, "Ann");
    let before = t.snapshot();
    let writes = t.write_requests();
    let long_title = "é".repeat(201);
    let long_body = "ß".repeat(5_001);
    let long_name = "名".repeat(101);
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            add_args("Skill", "3", "t", "b", "n"),
            "invalid target type \"Skill\"",
        ),
        (add_args("plugin", "3", "t", "b", "n"), "use skill or mcp"),
        (add_args("skill", "0", "t", "b", "n"), "invalid rating 0"),
        (add_args("skill", "6", "t", "b", "n"), "invalid rating 6"),
        (
            add_args("skill", "4.5", "t", "b", "n"),
            "whole number from 1 to 5",
        ),
        (
            add_args("skill", "five", "t", "b", "n"),
            "whole number from 1 to 5",
        ),
        (add_args("skill", "3", "", "b", "n"), "the title is empty"),
        (
            add_args("skill", "3", &long_title, "b", "n"),
            "the title is 201 characters; the limit is 200",
        ),
        (
            add_args("skill", "3", "t", " \n ", "n"),
            "the body is empty",
        ),
        (
            add_args("skill", "3", "t", &long_body, "n"),
            "the body is 5001 characters; the limit is 5000",
        ),
        (
            add_args("skill", "3", "t", "b", "   "),
            "the display name is empty",
        ),
        (
            add_args("skill", "3", "t", "b", &long_name),
            "the display name is 101 characters",
        ),
        (
            vec![
                "reviews",
                "add",
                "--review-id",
                " x",
                "--type",
                "skill",
                "--id",
                "a",
                "--rating",
                "1",
                "--title",
                "t",
                "--body",
                "b",
                "--display-name",
                "n",
            ],
            "invalid review id",
        ),
        (
            vec![
                "reviews",
                "add",
                "--type",
                "skill",
                "--id",
                " ",
                "--rating",
                "1",
                "--title",
                "t",
                "--body",
                "b",
                "--display-name",
                "n",
            ],
            "the target id is empty",
        ),
        (vec!["reviews", "edit", &id], "nothing to edit"),
        (
            vec!["reviews", "edit", &id, "--rating", "9"],
            "invalid rating 9",
        ),
        (
            vec!["reviews", "edit", &id, "--title", &long_title],
            "the title is 201 characters",
        ),
        (
            vec!["reviews", "edit", &id, "--display-name", " "],
            "the display name is empty",
        ),
        (
            vec!["reviews", "list", "--since", "yesterday"],
            "invalid --since",
        ),
        (vec!["reviews", "list", "--rating", "0"], "invalid rating 0"),
        (
            vec!["reviews", "summary", "--type", "mcpp", "--id", "x"],
            "invalid target type",
        ),
    ];
    for (args, want) in cases {
        let out = t.run(&args);
        let err = stderr_of(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert_eq!(
            err.lines().filter(|l| l.starts_with("error:")).count(),
            1,
            "{err}"
        );
        assert!(err.contains(want), "{args:?}: want {want:?} in {err}");
        assert!(stdout_of(&out).is_empty());
    }
    assert_eq!(t.write_requests(), writes, "no request that writes");
    assert_eq!(t.snapshot(), before, "a failed edit leaves the old row");
}

#[test]
fn limits_come_from_the_profile_and_edits_of_deleted_reviews_are_refused() {
    let t = Target::local();
    t.sb.write(
        "mkt.toml",
        "[profiles.default]\nreview_title_max = 10\nreview_display_name_max = 3\n",
    );
    let out = t.run(add_args("mcp", "3", "eleven char", "b", "n"));
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr_of(&out).contains("the limit is 10"),
        "{}",
        stderr_of(&out)
    );
    assert_eq!(
        t.run(add_args("mcp", "3", "ten chars!", "b", "Ann"))
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        t.run(add_args("mcp", "3", "t", "b", "Anne")).status.code(),
        Some(2)
    );
    t.sb.write("mkt.toml", "[profiles.default]\nreview_body_max = 0\n");
    assert_eq!(
        t.run(["reviews", "list"]).status.code(),
        Some(2),
        "a zero limit is a config error"
    );
    std::fs::remove_file(t.sb.path().join("mkt.toml")).unwrap();

    let id = t.add("skill", "alpha", 2, "Bo");
    t.ok(["reviews", "delete", &id, "--yes"]);
    let before = t.snapshot();
    let out = t.run(["reviews", "edit", &id, "--rating", "5"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr_of(&out).contains("restore it first"),
        "{}",
        stderr_of(&out)
    );
    assert_eq!(t.snapshot(), before);
    // Without a terminal, delete needs --yes: refused before any request.
    let out = t.run(["reviews", "delete", &id]);
    assert_eq!(out.status.code(), Some(5));
}
