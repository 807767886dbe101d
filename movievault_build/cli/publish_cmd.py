"""`movievault publish`: commit the changed content/ and push it; the host rebuilds."""
from __future__ import annotations

import click

from .context import echo
from .library_context import CONFIG, CONTENT, load_library


@click.command("publish")
@click.option("--remote", help="The git remote to push to (config: publish.remote; default origin).")
@click.option("--branch", help="The branch to push to (config: publish.branch; default the current one).")
@click.option("--dry-run", is_flag=True, help="Show the commit that would be made; change nothing.")
@CONFIG
@CONTENT
def publish(remote, branch, dry_run, config_file, content) -> int:
    """Commit what changed in content/ (a message naming the films) and push it."""
    from ..vault import publish as pub

    settings = load_library(config_file, content).settings
    plan = pub.plan(settings.content_dir, remote or settings.publish.remote, branch or settings.publish.branch)
    change = plan.change
    if dry_run or not change:
        echo(change.message().rstrip() if change else f"{plan.content}/ is as committed: nothing to commit")
        for path in change.paths if dry_run else ():
            echo(f"  {path}")
    if dry_run:
        echo(f"dry run: nothing committed or pushed (would push to {plan.remote} {plan.branch})")
        return 0
    commit = pub.publish(plan)
    echo((f"committed {commit}: {change.subject()}; " if commit else "") + f"pushed to {plan.remote} {plan.branch}")
    return 0


COMMANDS = [publish]
