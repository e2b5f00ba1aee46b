"""BI tools connect the way the README says: SQLAlchemy + duckdb-engine (Superset's dialect) on
the published snapshot, read-only — and they answer while a build holds the warehouse."""

import duckdb
import pytest
import sqlalchemy
from sqlalchemy import create_engine, inspect, text


def superset_engine(snapshot):
    # Exactly the README's Superset settings: duckdb:////abs/path + connect_args read_only.
    return create_engine(f"duckdb:///{snapshot.resolve()}", connect_args={"read_only": True})


def test_superset_reads_the_snapshot_while_a_build_writes_the_warehouse(demo_home_copy):
    assert demo_home_copy.snapshot.resolve().is_absolute()
    writer = duckdb.connect(str(demo_home_copy.warehouse))  # what the loader or dbt holds
    try:
        writer.execute("begin transaction")
        writer.execute("delete from marts.reports")
        engine = superset_engine(demo_home_copy.snapshot)
        with engine.connect() as connection:
            reports = connection.execute(text("select count(*) from marts.reports")).scalar_one()
            provinces = connection.execute(text(
                "select province_name, count(*) from marts.reports where province_name is not null "
                "group by all order by 1"
            )).all()
            marts = inspect(connection).get_table_names(schema="marts")
        engine.dispose()
    finally:
        writer.close()
    assert reports == 5
    assert [p for p, _ in provinces] == ["广东省", "江苏省", "河南省", "重庆市"]
    assert {"reports", "harvest_health"} <= set(marts)


def test_the_bi_connection_cannot_write(demo_home_copy):
    engine = superset_engine(demo_home_copy.snapshot)
    with engine.connect() as connection, pytest.raises(sqlalchemy.exc.DBAPIError, match="read-only"):
        connection.execute(text("create table marts.scratch as select 1 as x"))
    engine.dispose()
