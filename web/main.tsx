import 'uplot/dist/uPlot.min.css';
import './styles.css';
import { render } from 'preact';
import { App } from './app';
import { liveFeed } from './live';

liveFeed.start();
const root = document.getElementById('app');
if (root !== null) {
  render(<App />, root);
}
