# The govreports image: Airflow 3 + dbt + the project, used by every service in
# docker-compose.yml. Dependencies come from pyproject.toml's pins (no constraint files).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    AIRFLOW_HOME=/opt/airflow \
    GOVREPORTS_HOME=/data

RUN apt-get update \
 && apt-get install -y --no-install-recommends build-essential libpq-dev \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /opt/govreports
COPY pyproject.toml README.md ./
COPY scrapers ./scrapers
COPY warehouse ./warehouse
COPY demo_sites ./demo_sites
COPY dbt_project ./dbt_project
COPY dags ./dags
RUN pip install --no-cache-dir -e '.[production]' \
 && useradd --create-home --uid 50000 airflow \
 && mkdir -p /data /opt/airflow && chown -R airflow /data /opt/airflow /opt/govreports

USER airflow
ENTRYPOINT ["airflow"]
