import { mountPage } from '../components/mount';
import { Explorer } from './Explorer';

mountPage('explorer.title', 'explorer', <Explorer />);
