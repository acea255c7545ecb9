import { mountPage } from '../components/mount';
import { Dashboard } from './Dashboard';

mountPage('dashboard.title', 'dashboard', <Dashboard />);
