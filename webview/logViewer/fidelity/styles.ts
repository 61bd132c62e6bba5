// The stylesheet of the panel's fidelity parts (scope bar, memory counter, full-payload actions), adopted
// once by whichever of them loads first.
import { adoptStyles } from '../../shared/dom';
import css from './fidelity.css';

adoptStyles(css);
