import { mountPage } from '../components/mount';
import { Ward } from './Ward';

mountPage('ward.title', 'ward', <Ward />);
