// The Nowcast live dashboard: loads the state through the REST routes, then follows the server-sent
// event stream. Formats: docs/dashboard.md. uPlot (a global from its webjar) draws the chart.

/** Chart points kept for the selected sensor; the server keeps a bounded history too. */
const MAX_CHART_TIMES = 2000;

const state = {
  sensors: new Map(),       // sensor_id -> {latest, accuracy, model_name, interval_level}
  selected: null,           // sensor_id shown in the chart
  rows: new Map(),          // event time (ms) -> {actual, mean, lower, upper} of the selected sensor
  changes: [],              // model changes of the selected sensor: {timestamp, from, to}
  chart: null,
  renderQueued: false,
};

const $ = (id) => document.getElementById(id);

function format(value, digits = 2) {
  return value === null || value === undefined || Number.isNaN(value) ? '–' : Number(value).toFixed(digits);
}

// Table cells hold series of any magnitude (NYC taxi counts in the tens of thousands, temperatures,
// utilisation fractions), so fixed decimals either overflow the column or round small errors to 0:
// keep the whole integer part and about four significant digits.
const TABLE_NUMBER_FORMATS = [
  [1000, new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 })],
  [100, new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 })],
  [1, new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })],
  [0, new Intl.NumberFormat('en-US', { maximumSignificantDigits: 3 })],
];

function formatForTable(value) {
  if (value === null || value === undefined || Number.isNaN(value)) {
    return '–';
  }
  const magnitude = Math.abs(Number(value));
  return TABLE_NUMBER_FORMATS.find(([atLeast]) => magnitude >= atLeast)[1].format(value);
}

async function getJson(path) {
  const response = await fetch(path, { cache: 'no-store' });
  if (!response.ok) {
    throw new Error(`${path} answered ${response.status}`);
  }
  return response.json();
}

// ---- loading -----------------------------------------------------------------------------------

async function loadAll() {
  const body = await getJson('/api/dashboard/sensors');
  showHeader(body);
  state.sensors.clear();
  for (const sensor of body.sensors) {
    state.sensors.set(sensor.sensor_id, sensor);
  }
  if (state.selected === null && body.sensors.length > 0) {
    state.selected = body.sensors[0].sensor_id;
  }
  if (state.selected !== null) {
    await loadHistory(state.selected);
  }
  queueRender();
}

async function loadHistory(sensorId) {
  const history = await getJson(`/api/dashboard/sensors/${encodeURIComponent(sensorId)}/history`);
  if (state.selected !== sensorId) {
    return; // the user picked another sensor meanwhile
  }
  state.sensors.set(sensorId, history);
  state.rows.clear();
  const p = history.points;
  for (let i = 0; i < p.timestamp.length; i++) {
    addSample({
      timestamp: p.timestamp[i], observed: p.observed[i], forecast_timestamp: p.forecast_timestamp[i],
      mean: p.mean[i], lower: p.lower[i], upper: p.upper[i],
    });
  }
  state.changes = history.model_changes;
}

function select(sensorId) {
  state.selected = sensorId;
  state.rows.clear();
  state.changes = [];
  queueRender();
  loadHistory(sensorId).then(queueRender).catch(showFailure);
}

// ---- live updates ------------------------------------------------------------------------------

/** Merges one forecast into the chart rows; keyed by time, so replaying a sample changes nothing. */
function addSample(sample) {
  row(sample.timestamp).actual = sample.observed;
  const target = row(sample.forecast_timestamp);
  target.mean = sample.mean;
  target.lower = sample.lower;
  target.upper = sample.upper;
}

function row(timestamp) {
  let entry = state.rows.get(timestamp);
  if (entry === undefined) {
    entry = { actual: null, mean: null, lower: null, upper: null };
    state.rows.set(timestamp, entry);
  }
  return entry;
}

function applyUpdate(update) {
  showHeader(update);
  for (const sample of update.forecasts) {
    const sensor = state.sensors.get(sample.sensor_id) ?? { sensor_id: sample.sensor_id, accuracy: null };
    sensor.latest = sample;
    state.sensors.set(sample.sensor_id, sensor);
    if (sample.sensor_id === state.selected) {
      addSample(sample);
    }
  }
  for (const report of update.accuracy) {
    const sensor = state.sensors.get(report.sensor_id);
    if (sensor) {
      sensor.accuracy = report;
    }
  }
  for (const change of update.model_changes) {
    if (change.sensor_id === state.selected) {
      state.changes.push(change);
    }
  }
  if (state.selected === null && state.sensors.size > 0) {
    select([...state.sensors.keys()].sort()[0]);
  }
  queueRender();
}

function connect() {
  const stream = new EventSource('/api/stream');
  // Every (re)connection starts with hello: reload, as events may have been missed meanwhile.
  stream.addEventListener('hello', () => {
    setStatus('live', 'live');
    loadAll().catch(showFailure);
  });
  stream.addEventListener('update', (event) => applyUpdate(JSON.parse(event.data)));
  stream.addEventListener('resync', () => loadAll().catch(showFailure));
  stream.onerror = () => setStatus('reconnecting', 'down');
}

// ---- rendering ---------------------------------------------------------------------------------

function queueRender() {
  if (!state.renderQueued) {
    state.renderQueued = true;
    requestAnimationFrame(() => {
      state.renderQueued = false;
      renderTable();
      renderDetail();
      renderChart();
    });
  }
}

function setStatus(text, kind) {
  const status = $('stream-status');
  status.textContent = text;
  status.className = `status ${kind}`;
}

function showFailure(error) {
  setStatus(error.message, 'down');
}

function showHeader(body) {
  $('events-per-second').textContent = format(body.events_per_second, 1);
  if (body.model) {
    $('current-model').textContent = `${body.model.name} v${body.model.version}`;
  }
}

function renderTable() {
  const body = $('sensor-rows');
  if (state.sensors.size === 0) {
    return;
  }
  const rows = [...state.sensors.values()].sort((a, b) => a.sensor_id.localeCompare(b.sensor_id)).map(sensorRow);
  body.replaceChildren(...rows);
}

function sensorRow(sensor) {
  const tr = document.createElement('tr');
  tr.dataset.sensor = sensor.sensor_id;
  tr.classList.toggle('selected', sensor.sensor_id === state.selected);
  tr.addEventListener('click', () => select(sensor.sensor_id));
  const accuracy = sensor.accuracy;
  const mae = accuracy ? accuracy.mae : null;
  const naive = accuracy ? accuracy.persistence_mae : null;
  const cells = [
    cell(sensor.sensor_id, 'sensor'),
    cell(formatForTable(sensor.latest?.observed), 'num'),
    cell(sensor.latest ? `v${sensor.latest.model_version}` : '–', 'num'),
    cell(formatForTable(mae), `num ${mae !== null && naive !== null ? (mae <= naive ? 'better' : 'worse') : ''}`),
    cell(formatForTable(naive), 'num'),
  ];
  tr.replaceChildren(...cells);
  return tr;
}

function cell(text, className) {
  const td = document.createElement('td');
  td.textContent = text;
  td.className = className;
  return td;
}

function renderDetail() {
  const sensor = state.sensors.get(state.selected);
  if (!sensor) {
    return;
  }
  $('sensor-title').textContent = sensor.sensor_id;
  const badge = $('model-badge');
  if (sensor.latest) {
    const name = sensor.model_name ? `${sensor.model_name} ` : '';
    badge.textContent = `model ${name}v${sensor.latest.model_version}`;
    badge.hidden = false;
  }
  const change = state.changes[state.changes.length - 1];
  $('model-since').textContent = change
    ? `changed from v${change.from} at ${new Date(change.timestamp).toISOString().replace('T', ' ').slice(0, 16)} UTC`
    : '';
  if (sensor.interval_level) {
    $('band-label').textContent = `${Math.round(sensor.interval_level * 100)}% interval`;
  }
  const accuracy = sensor.accuracy;
  $('sensor-accuracy').textContent = accuracy
    ? `Last ${accuracy.count} forecasts: MAE ${format(accuracy.mae, 3)} vs repeat-last-value ${format(accuracy.persistence_mae, 3)}`
      + ` · RMSE ${format(accuracy.rmse, 3)} · coverage ${format(accuracy.coverage * 100, 0)}%`
    : 'Rolling accuracy appears after the first report.';
}

/** The chart's columns: time (seconds, as uPlot expects), actual, mean, lower, upper. */
function chartData() {
  trimRows();
  const times = [...state.rows.keys()].sort((a, b) => a - b);
  const columns = [[], [], [], [], []];
  for (const time of times) {
    const entry = state.rows.get(time);
    columns[0].push(time / 1000);
    columns[1].push(entry.actual);
    columns[2].push(entry.mean);
    columns[3].push(entry.lower);
    columns[4].push(entry.upper);
  }
  return columns;
}

function trimRows() {
  if (state.rows.size <= MAX_CHART_TIMES) {
    return;
  }
  const oldest = [...state.rows.keys()].sort((a, b) => a - b).slice(0, state.rows.size - MAX_CHART_TIMES);
  oldest.forEach((time) => state.rows.delete(time));
}

function renderChart() {
  const data = chartData();
  if (state.chart === null) {
    state.chart = new uPlot(chartOptions(), data, $('chart'));
    window.addEventListener('resize', () => state.chart.setSize(chartSize()));
  } else {
    state.chart.setData(data);
  }
}

function chartSize() {
  return { width: Math.max(320, $('chart').clientWidth), height: 360 };
}

function chartOptions() {
  const css = getComputedStyle(document.documentElement);
  const color = (name) => css.getPropertyValue(name).trim();
  return {
    ...chartSize(),
    series: [
      {},
      { label: 'actual', stroke: color('--actual'), width: 1.5, spanGaps: true },
      { label: 'forecast', stroke: color('--forecast'), width: 1.5, spanGaps: true },
      { label: 'lower', stroke: color('--band'), spanGaps: true },
      { label: 'upper', stroke: color('--band'), spanGaps: true },
    ],
    bands: [{ series: [4, 3], fill: color('--band') }],
    legend: { show: false },
    hooks: { draw: [(chart) => drawModelChanges(chart, color('--change'))] },
  };
}

/** Dashed vertical lines where the sensor's forecasts switched model version, labelled with the new one. */
function drawModelChanges(chart, color) {
  const ctx = chart.ctx;
  const { top, height } = chart.bbox;
  ctx.save();
  ctx.strokeStyle = color;
  ctx.fillStyle = color;
  ctx.setLineDash([5, 4]);
  ctx.lineWidth = 1.5 * devicePixelRatio;
  ctx.font = `${11 * devicePixelRatio}px system-ui, sans-serif`;
  for (const change of state.changes) {
    const x = Math.round(chart.valToPos(change.timestamp / 1000, 'x', true));
    if (x < chart.bbox.left || x > chart.bbox.left + chart.bbox.width) {
      continue;
    }
    ctx.beginPath();
    ctx.moveTo(x, top);
    ctx.lineTo(x, top + height);
    ctx.stroke();
    ctx.fillText(`v${change.to}`, x + 4 * devicePixelRatio, top + 12 * devicePixelRatio);
  }
  ctx.restore();
}

/** For tests and the curious: what the chart currently holds. */
window.nowcastDashboard = {
  selectedSensor: () => state.selected,
  forecastPoints: () => (state.chart ? state.chart.data[2].filter((v) => v !== null).length : 0),
  actualPoints: () => (state.chart ? state.chart.data[1].filter((v) => v !== null).length : 0),
  lastActualTimestamp: () => Math.max(-1, ...[...state.rows].filter(([, r]) => r.actual !== null).map(([t]) => t)),
  modelChanges: () => state.changes.map((change) => ({ ...change })),
};

connect();
